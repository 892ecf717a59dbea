# Makes the reader's fuzz cases (verify/src/test/resources/fuzz) from a small golden case: run from the repository
# root with NumPy installed: python3 verify/src/test/python/make_fuzz_cases.py. Each bad-* folder gets the one-line
# message the reader must give (expected.txt, the path of the case folder left out); good-* folders must read.
import zipfile, io, os, shutil, struct, zlib, numpy as np
SRC='vectors/golden/gru-reset_after-b2-t1-i3-h4'
OUT='verify/src/test/resources/fuzz'
shutil.rmtree(OUT, ignore_errors=True)
z=zipfile.ZipFile(SRC+'/arrays.npz')
entries=[(i.filename, z.read(i.filename)) for i in z.infolist()]
casejson=open(SRC+'/case.json').read()
def npy(a, fortran=False, version=(1,0)):
    b=io.BytesIO()
    if fortran: np.lib.format.write_array(b, np.asfortranarray(a), version=version)
    else: np.lib.format.write_array(b, a, version=version)
    return b.getvalue()
def load(name):
    return np.load(io.BytesIO(dict(entries)[name]))
def write_zip(path, ents, compress=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path,'w',compress) as w:
        for n,d in ents:
            zi=zipfile.ZipInfo(n, (1980,1,1,0,0,0)); zi.compress_type=compress
            w.writestr(zi,d)
def case(name, ents=None, json=None, expected=None, raw=None, compress=zipfile.ZIP_STORED):
    d=os.path.join(OUT, name); os.makedirs(d)
    open(d+'/case.json','w').write(json or casejson)
    if raw is not None: open(d+'/arrays.npz','wb').write(raw)
    else: write_zip(d+'/arrays.npz', ents if ents is not None else entries, compress)
    if expected: open(d+'/expected.txt','w').write(expected+'\n')
def replace(name, data):
    return [(n, data if n==name+'.npy' else d) for n,d in entries]
npz_good=open(SRC+'/arrays.npz','rb').read()
case('good-stored')
case('good-deflated', compress=zipfile.ZIP_DEFLATED)
x=dict(entries)['x.npy']
case('bad-short-data', replace('x', x[:-8]), expected="arrays.npz: array 'x': truncated: holds 40 data bytes, its shape (2, 1, 3) of float64 needs 48")
case('bad-extra-data', replace('x', x+b'\0'*8), expected="arrays.npz: array 'x': holds 56 data bytes, its shape (2, 1, 3) of float64 needs 48 (extra data after the array)")
case('bad-truncated-header', replace('x', x[:40]), expected="arrays.npz: array 'x': truncated or corrupt .npy header: it declares 70 header bytes, the entry holds 40 bytes in all")
case('bad-truncated-file', raw=npz_good[:len(npz_good)//2], expected="arrays.npz: not an npz (zip) file: zip END header not found")
case('bad-magic', replace('x', b'\x93NUMPX'+x[6:]), expected="arrays.npz: array 'x': not an .npy array: it starts with \\x93\\x4e\\x55\\x4d\\x50\\x58, expected \\x93NUMPY")
case('bad-version', replace('x', x[:6]+b'\x09\x00'+x[8:]), expected="arrays.npz: array 'x': unsupported .npy format version 9.0 (supported: 1.0, 2.0, 3.0)")
case('bad-dtype-float32', replace('x', npy(load('x.npy').astype(np.float32))), expected="arrays.npz: array 'x': expected dtype float64, got float32")
case('bad-dtype-lengths', replace('lengths', npy(load('lengths.npy').astype(np.float64))), expected="arrays.npz: array 'lengths': expected dtype int64, got float64")
case('bad-dtype-complex', replace('h0', npy(load('h0.npy').astype(np.complex128))), expected="arrays.npz: array 'h0': expected dtype float64, got '<c16'")
hdr=x.replace(b"(2,1,3, )", b"(2,1,x, )"); assert hdr!=x
case('bad-header-shape', replace('x', hdr), expected="arrays.npz: array 'x': malformed shape (2,1,x, ) in the .npy header")
hdr=x.replace(b"'descr'", b"'dexcr'")
case('bad-header-keys', replace('x', hdr), expected="arrays.npz: array 'x': malformed .npy header (expected {'descr': ..., 'fortran_order': ..., 'shape': (...)}): {'dexcr': '<f8', 'fortran_order': False, 'shape': (2,1,3, )}")
case('bad-wrong-shape', replace('x', npy(np.zeros((2,1,4)))), expected="arrays.npz: array 'x': expected shape (2, 1, 3), got (2, 1, 4) (the expected shape follows from case.json)")
case('bad-fortran-order', replace('w_ih', npy(load('w_ih.npy'), fortran=True)), expected="arrays.npz: array 'w_ih': fortran_order is True; only C-ordered arrays are supported (save numpy.ascontiguousarray(a))")
# corrupt CRC: flip one data byte of a stored entry in the raw zip bytes
raw=bytearray(npz_good); i=raw.find(x)+len(x)-3; raw[i]^=0x40
case('bad-crc', raw=bytes(raw), expected="arrays.npz: array 'x': CRC mismatch: the zip records 121e5515, the data gives 6284d8d5 (the file is corrupt)")
# corrupt deflated stream
b=io.BytesIO(); write_zip(b, entries, zipfile.ZIP_DEFLATED); raw=bytearray(b.getvalue())
zf=zipfile.ZipFile(io.BytesIO(bytes(raw))); zinfo=zf.getinfo('x.npy'); xi=zinfo.header_offset+30+len('x.npy')+zinfo.compress_size-12; raw[xi]^=0xff
case('bad-deflate', raw=bytes(raw), expected="arrays.npz: array 'x': CRC mismatch: the zip records 121e5515, the data gives 55748fa7 (the file is corrupt)")
case('bad-not-npy-entry', entries+[('readme.txt', b'hi')], expected="arrays.npz: entry 'readme.txt' is not an .npy array (an npz file holds one <name>.npy per array)")
case('bad-nan', replace('h0', npy(np.full((2,4), np.nan))), expected="arrays.npz: array 'h0': NaN at index [0, 0] (every value must be finite)")
case('bad-version2-wrong-shape', replace('x', npy(np.zeros((3,1,3)), version=(2,0))), expected="arrays.npz: array 'x': expected shape (2, 1, 3), got (3, 1, 3) (the expected shape follows from case.json)")
case('good-version3', replace('x', npy(load('x.npy'), version=(3,0))))
case('good-bigendian', replace('w_hh', npy(load('w_hh.npy').astype('>f8'))))
case('good-int32-lengths', replace('lengths', npy(load('lengths.npy').astype('<i4'))))
case('bad-case-json-hidden', json=casejson.replace('"hidden" : 4', '"hidden" : 5'), expected="arrays.npz: array 'h0': expected shape (2, 5), got (2, 4) (the expected shape follows from case.json)")

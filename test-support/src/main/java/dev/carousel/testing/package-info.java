/** Test fixtures shared by every module's tests: random data, asymmetric random weights, and comparisons. */
package dev.carousel.testing;

/** imat-examples. */
package io.imat.examples;

/** imat-models. */
package io.imat.models;

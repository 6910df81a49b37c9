/**
 * The imat pipeline on Apache Spark (3.5, Scala 2.13, Java API): batch prediction and embedding
 * ({@link io.imat.spark.SparkPredictor}), fold-parallel cross-validation ({@link
 * io.imat.spark.SparkCrossValidation}) and distributed download ({@link
 * io.imat.spark.SparkDownloader}); {@link io.imat.spark.ImatSpark} starts a context with what Java
 * 17 needs. Spark is a {@code provided} dependency: the cluster or the embedding application brings
 * it.
 */
@NullMarked
package io.imat.spark;

import org.jspecify.annotations.NullMarked;

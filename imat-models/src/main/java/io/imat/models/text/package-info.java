/**
 * The URL text model — the "leak" of iMaterialist 2017: image URLs often name the attributes
 * ({@code .../dress-midi-10.jpg}), and for the pictures that are gone the URL is all that is left.
 *
 * <ul>
 *   <li>{@link io.imat.models.text.UrlTokenizer} turns the mirror URLs of an image into words and
 *       n-gram features;
 *   <li>{@link io.imat.models.text.UrlTextModel} configures and trains a fastText-style classifier
 *       (hashed n-gram embeddings, a softmax per task and one over apparels), giving a {@link
 *       io.imat.models.text.TrainedUrlTextModel} that predicts {@link
 *       io.imat.api.predict.Predictions} for every image and saves to a model directory;
 *   <li>{@link io.imat.models.text.LeakAnalysis} reports per task how often URLs name the ground
 *       truth and how well the text model does out of fold ({@link
 *       io.imat.models.text.LeakReport}).
 * </ul>
 *
 * <pre>{@code
 * TrainedUrlTextModel model = UrlTextModel.builder().build().train(train);
 * Predictions text = model.predict(test);
 * }</pre>
 */
@NullMarked
package io.imat.models.text;

import org.jspecify.annotations.NullMarked;

package io.imat.models.cv;

import com.google.common.collect.ImmutableList;
import io.imat.api.folds.Folds;
import io.imat.api.predict.Predictions;
import io.imat.models.train.TrainingHistory;
import java.nio.file.Path;
import java.util.List;

/**
 * What a cross-validation produced.
 *
 * @param folds the fold assignment of the training images
 * @param outOfFold every training image predicted by the one model that did not train on it
 * @param averaged for each extra picture set, the predictions averaged over the K models
 * @param histories the training history of each fold model
 * @param modelDirs where the fold models were saved (empty if they were not)
 */
public record CrossValidationResult(
    Folds folds,
    Predictions outOfFold,
    ImmutableList<Predictions> averaged,
    ImmutableList<TrainingHistory> histories,
    ImmutableList<Path> modelDirs) {

  CrossValidationResult(
      Folds folds,
      Predictions outOfFold,
      List<Predictions> averaged,
      List<TrainingHistory> histories,
      List<Path> modelDirs) {
    this(
        folds,
        outOfFold,
        ImmutableList.copyOf(averaged),
        ImmutableList.copyOf(histories),
        ImmutableList.copyOf(modelDirs));
  }
}

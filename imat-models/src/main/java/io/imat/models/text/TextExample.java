package io.imat.models.text;

/**
 * One training image as the text model sees it: its distinct feature buckets, its annotated task
 * indexes with a target distribution over each task's labels, and its apparel (index in the
 * layout's apparels, -1 if unknown).
 */
record TextExample(int[] features, int[] tasks, float[][] targets, int apparel) {}

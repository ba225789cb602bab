package org.liverseg.io.msd;

/**
 * One training entry of an MSD {@code dataset.json}: paths of an image and its label map, relative
 * to the dataset folder, written as in the Decathlon files ({@code "./imagesTr/liver_0.nii.gz"}).
 *
 * @param image relative path of the image
 * @param label relative path of the label map
 */
public record MsdPair(String image, String label) {}

package dev.novelkit.media.image.card;

/**
 * Where things go on a card of a given size: the horizon, the river bank, the characters' feet, their height, the
 * margins, and a unit (1.0 at 1080 px on the short side) for line widths.
 */
record Layout(int width, int height, double horizon, double shore, double foot, double figureHeight, double margin,
              double unit) {

    static Layout of(int width, int height) {
        double aspect = (double) width / height;
        double unit = Math.min(width, height) / 1080.0;
        double horizon;
        double foot;
        double figure;
        if (aspect < 0.8) {
            horizon = height * 0.52;
            foot = height * 0.72;
            figure = height * 0.27;
        } else if (aspect > 1.25) {
            horizon = height * 0.55;
            foot = height * 0.76;
            figure = height * 0.42;
        } else {
            horizon = height * 0.55;
            foot = height * 0.74;
            figure = height * 0.36;
        }
        double shore = horizon + (foot - horizon) * 0.45;
        double margin = Math.min(width, height) * 0.06;
        return new Layout(width, height, horizon, shore, foot, figure, margin, unit);
    }
}

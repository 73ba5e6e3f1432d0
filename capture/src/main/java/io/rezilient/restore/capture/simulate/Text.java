package io.rezilient.restore.capture.simulate;

/** Sentences for descriptions. */
final class Text {
    private Text() {
    }

    static String shortDescription(SeededRandom r) {
        return r.pick(Vocabulary.SERVICES) + " " + r.pick(Vocabulary.SYMPTOMS) + " for " + r.pick(Vocabulary.AUDIENCES);
    }

    static String details(SeededRandom r, int sentences) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(r.pick(Vocabulary.DETAILS));
        }
        return text.toString();
    }
}

package dev.gradflow.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded class-stratified subsets: each class keeps (as nearly as possible) its share of the examples. */
final class StratifiedSampler {
    private StratifiedSampler() {}

    /**
     * Indices (ascending) of a subset of {@code n} examples. Class quotas are {@code n * count_c / total}, rounded by
     * largest remainder (ties to the lower class); within a class, examples are drawn with {@code new Random(seed)}.
     * If {@code n >= labels.length} all indices are returned.
     */
    static int[] sample(int[] labels, int numClasses, int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("subset size " + n + " is negative");
        if (n >= labels.length) {
            int[] all = new int[labels.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);

        int[] quota = new int[numClasses];
        double[] remainder = new double[numClasses];
        int assigned = 0;
        for (int c = 0; c < numClasses; c++) {
            double exact = (double) n * byClass.get(c).size() / labels.length;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        while (assigned < n) {
            int best = -1;
            for (int c = 0; c < numClasses; c++) {
                if (quota[c] < byClass.get(c).size() && (best < 0 || remainder[c] > remainder[best])) best = c;
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }

        Random random = new Random(seed);
        int[] out = new int[n];
        int k = 0;
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = byClass.get(c);
            for (int i = 0; i < quota[c]; i++) {           // partial Fisher-Yates: the first quota[c] are the sample
                int j = i + random.nextInt(members.size() - i);
                Integer tmp = members.get(i);
                members.set(i, members.get(j));
                members.set(j, tmp);
                out[k++] = members.get(i);
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The indices 0..size-1 not in {@code chosen} (which must be ascending), ascending. */
    static int[] complement(int size, int[] chosen) {
        int[] out = new int[size - chosen.length];
        int k = 0, j = 0;
        for (int i = 0; i < size; i++) {
            if (j < chosen.length && chosen[j] == i) j++;
            else out[k++] = i;
        }
        return out;
    }
}

/** scikit-learn toy data sets; see issue 4. */
export {};

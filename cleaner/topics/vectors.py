"""Weighted bag-of-words vectors for a document's units, as sparse rows in numpy.

Most words occur in few units, so the vectors are kept as compressed rows
(CSR: per row, the columns in ascending order with their values). Every sum
below runs in a fixed order, one addition after another from 0.0: in column
order within a row (dot products) and in row order within a column
(totals). Floating-point addition is not associative, and the run search
picks between scores that can differ in their last bits, so byte-identical
output depends on these orders (they are the orders scipy's sparse
products use, which the tests check). ``np.bincount`` with weights adds
its entries into each bin in the order given, which is what the sums use.
"""

from __future__ import annotations

import math

import numpy as np

from .vocabulary import bag, find_words, weights

# Gram matrices are built over chunks of rows holding at most this many word
# products at a time (about ten arrays of that length live at once: some 80 MB).
PRODUCTS_PER_CHUNK = 1_000_000


class SparseRows:
    """Rows of a sparse matrix: ``indptr`` (row starts), ``indices`` (ascending
    columns within a row) and ``data``, of ``shape`` (rows, columns)."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, shape: tuple[int, int]):
        self.indptr, self.indices, self.data, self.shape = indptr, indices, data, shape

    @classmethod
    def from_entries(cls, rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                     shape: tuple[int, int]) -> SparseRows:
        """Rows from distinct (row, column, value) entries in any order."""
        order = np.lexsort((cols, rows))
        indptr = np.zeros(shape[0] + 1, dtype=np.intp)
        np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
        cols, values = np.asarray(cols, dtype=np.intp)[order], np.asarray(values, dtype=np.float64)[order]
        return cls(indptr, cols, values, shape)

    def row_of_entries(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def take(self, rows) -> SparseRows:
        """The rows ``rows`` (a slice or a list of row numbers), in that order."""
        picked = np.arange(self.shape[0])[rows] if isinstance(rows, slice) else np.asarray(rows, np.intp)
        starts, counts = self.indptr[picked], np.diff(self.indptr)[picked]
        indptr = np.zeros(len(picked) + 1, dtype=np.intp)
        np.cumsum(counts, out=indptr[1:])
        at = np.arange(indptr[-1]) - np.repeat(indptr[:-1] - starts, counts)
        return SparseRows(indptr, self.indices[at], self.data[at], (len(picked), self.shape[1]))

    def column_sums(self) -> np.ndarray:
        """The sum of the rows, dense (each column summed in row order)."""
        return np.bincount(self.indices, weights=self.data, minlength=self.shape[1])

    def row(self, i: int) -> np.ndarray:
        out = np.zeros(self.shape[1])
        span = slice(self.indptr[i], self.indptr[i + 1])
        out[self.indices[span]] = self.data[span]
        return out

    def dot(self, vector: np.ndarray) -> np.ndarray:
        """Each row's dot product with a dense vector (summed in column order)."""
        products = self.data * vector[self.indices]
        return np.bincount(self.row_of_entries(), weights=products, minlength=self.shape[0])

    def scale_rows(self, factors: np.ndarray) -> SparseRows:
        return SparseRows(self.indptr, self.indices, self.data * factors[self.row_of_entries()], self.shape)

    def gram(self) -> np.ndarray:
        """The rows' dot products with each other, dense: cell (i, j) sums the
        products of the columns both rows hold, in column order.

        Only cells (i, j >= i) are summed: cell (j, i) has the same products
        (``a * b == b * a``) in the same order, so it is the same figure."""
        n, n_cols = self.shape
        rows = self.row_of_entries()
        by_col = np.argsort(self.indices, kind="stable")  # each column's entries, by row
        col_rows, col_data = rows[by_col], self.data[by_col]
        col_start = np.zeros(n_cols + 1, dtype=np.intp)
        np.cumsum(np.bincount(self.indices, minlength=n_cols), out=col_start[1:])
        # An entry (i, c) meets the entries of column c from its own on (rows j >= i).
        rank = np.empty(len(by_col), dtype=np.intp)
        rank[by_col] = np.arange(len(by_col)) - col_start[self.indices[by_col]]
        first_met = col_start[self.indices] + rank
        products = col_start[self.indices + 1] - first_met
        out = np.zeros((n, n))
        before_row = np.concatenate([[0], np.cumsum(products)])[self.indptr]  # products before each row
        lo = 0
        while lo < n:  # chunks of whole rows, so each cell is summed within one chunk
            hi = int(np.searchsorted(before_row, before_row[lo] + PRODUCTS_PER_CHUNK, side="right")) - 1
            hi = min(max(hi, lo + 1), n)
            first, last = self.indptr[lo], self.indptr[hi]
            count = products[first:last]
            starts = np.repeat(first_met[first:last] - (np.cumsum(count) - count), count)
            at = np.arange(int(before_row[hi] - before_row[lo])) + starts
            cell = np.repeat(rows[first:last] - lo, count) * n + col_rows[at]
            values = np.repeat(self.data[first:last], count) * col_data[at]
            out[lo:hi] = np.bincount(cell, weights=values, minlength=(hi - lo) * n).reshape(hi - lo, n)
            lo = hi
        lower = np.tril_indices(n, -1)
        out[lower] = out.T[lower]
        return out

    def toarray(self) -> np.ndarray:
        out = np.zeros(self.shape)
        out[self.row_of_entries(), self.indices] = self.data
        return out


class Space:
    """Weighted bag-of-words vectors for a document's units.

    The words of every unit are found at once; the vectors (``rows``, which
    need every word's weight) only when first asked for, since many
    documents are settled from their units' lengths alone.
    """

    def __init__(self, texts: list[str]):
        self.texts = texts
        # The words of every unit, as bag() finds them, in one flat list (a
        # Counter per unit costs a third of the vectors' time; numpy counts
        # them instead). Each unit's list is dropped as soon as it is
        # copied, so tens of thousands of lists do not stay alive at once
        # (they set off the garbage collector).
        self._flat: list[str] = []
        self.content_words: list[int] = []
        for t in texts:
            found = find_words(t)
            self.content_words.append(len(found))
            self._flat += found
        self._rows: SparseRows | None = None

    @property
    def rows(self) -> SparseRows:
        if self._rows is None:
            self._rows = self._vectors()
        return self._rows

    def _vectors(self) -> SparseRows:
        flat, texts = self._flat, self.texts
        # Columns in order of each word's first occurrence in the document:
        # sums over a row's columns run in that order (see the module docstring).
        distinct = list(dict.fromkeys(flat))
        self.index: dict[str, int] = dict(zip(distinct, range(len(distinct)), strict=True))
        n_rows, n_words = len(texts), len(distinct)
        if flat:
            cols = np.fromiter(map(self.index.__getitem__, flat), dtype=np.intp, count=len(flat))
            # One entry per (unit, distinct word): np.unique counts them, in
            # order of unit, then column (the rows' layout).
            unit = np.repeat(np.arange(n_rows, dtype=np.int64), self.content_words)
            key, first, counts = np.unique(unit * n_words + cols, return_index=True, return_counts=True)
            rows, cols = np.divmod(key, n_words)
            cols = cols.astype(np.intp)
            counts = counts.astype(np.float64)
        else:
            rows = cols = first = np.zeros(0, dtype=np.intp)
            counts = np.zeros(0)
        self._flat = []
        v = (1.0 + np.log(counts)) * weights(distinct)[cols] if len(cols) else np.zeros(0)
        # Each norm sums its unit's squares in order of first occurrence in the
        # unit (a Counter's order per unit, as the vectors were first built).
        by_occurrence = np.argsort(first)
        squares = v * v
        norms = np.sqrt(np.bincount(rows[by_occurrence], weights=squares[by_occurrence], minlength=n_rows))
        v = v / np.where(norms == 0, 1.0, norms)[rows] if len(v) else v
        indptr = np.zeros(n_rows + 1, dtype=np.intp)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        return SparseRows(indptr, cols, v, (n_rows, n_words))

    def total(self, units) -> np.ndarray:
        """The sum of some units' vectors (a slice or a list of rows), dense."""
        return self.rows.take(units).column_sums()

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.rows.shape[1])
        for w, c in bag(text).items():
            i = self.index.get(w)
            if i is not None:
                v[i] = (1.0 + math.log(c)) * weights([w])[0]
        n = np.linalg.norm(v)
        return v / n if n else v


def cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return float(a @ b / (na * nb)) if na and nb else 0.0


# A reduction over groups is laid out over at most this many cells at a time (several
# arrays of that length live at once: a few tens of MB).
CELLS_PER_CHUNK = 1_000_000


def group_rows(X: SparseRows, size: int) -> SparseRows:
    """The sums of groups of ``size`` consecutive rows, as
    ``np.add.reduceat(X.toarray(), starts, axis=0)`` gives them, without a
    dense units-by-words array (gigabytes for a document of a few MB).

    A word that occurs in one unit of a group sums to that unit's value (the
    rest are zeros). The words met twice or more in a group are summed by
    ``reduceat`` itself, each over its group's full run of rows, zeros
    included: numpy adds a column's first row to the pairwise sum of the
    rest, so where the zeros sit changes the last bits of the sum. Laid out
    as one column per (group, word), rows by position in the group, they get
    the figures the dense reduction gives (the run search's choice rests on
    those bits, see the module's docstring).
    """
    n_rows, n_words = X.shape
    row = X.row_of_entries()
    n_groups = -(-n_rows // size)
    key, inverse, counts = np.unique((row // size).astype(np.int64) * n_words + X.indices,
                                     return_inverse=True, return_counts=True)
    group, col = np.divmod(key, n_words)
    values = np.zeros(len(key))
    alone = counts[inverse] == 1
    values[inverse[alone]] = X.data[alone]  # x + 0.0 + ... == x
    shared_keys = np.flatnonzero(counts > 1)
    if len(shared_keys):
        entries = np.flatnonzero(~alone)
        slot = np.searchsorted(shared_keys, inverse[entries])  # the entry's column in the layout
        last = n_groups - 1
        in_last = group[shared_keys] == last
        # Full groups have ``size`` rows, the last one may have fewer: a
        # shorter run is summed in another order, so it gets a layout of its own.
        for mask, length in ((~in_last, size), (in_last, n_rows - last * size)):
            cols = np.flatnonzero(mask)
            for chunk in np.array_split(cols, max(1, -(-len(cols) * length // CELLS_PER_CHUNK))):
                if not len(chunk):
                    continue
                take = np.isin(slot, chunk)
                layout = np.zeros((length, len(chunk)))
                layout[row[entries[take]] % size, np.searchsorted(chunk, slot[take])] = X.data[entries[take]]
                values[shared_keys[chunk]] = np.add.reduceat(layout, [0], axis=0)[0]
    nonzero = values != 0  # a sum of zero is no entry
    return SparseRows.from_entries(group[nonzero], col[nonzero], values[nonzero], (n_groups, n_words))


def row_norms(X: SparseRows) -> np.ndarray:
    """Each row's Euclidean norm. The squares are summed by ``np.add.reduceat``
    over each row's nonzero squares (numpy sums a long row pairwise, so which
    terms take part matters to the last bit: zeros take none)."""
    squares = X.data * X.data
    kept = squares != 0
    counts = np.bincount(X.row_of_entries()[kept], minlength=X.shape[0])
    nonempty = np.flatnonzero(counts)
    sums = np.zeros(X.shape[0])
    if len(nonempty):
        starts = np.concatenate([[0], np.cumsum(counts)])[nonempty]
        sums[nonempty] = np.add.reduceat(squares[kept], starts)
    return np.sqrt(sums)

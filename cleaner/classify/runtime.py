"""Model inference without scikit-learn: fitted trees as ONNX graphs, run by onnxruntime.

scikit-learn trains the block model; at inference its import (scipy and all)
costs more than a short run of cleaner, and its tree walker is slower than
onnxruntime's. A fitted ``HistGradientBoostingClassifier`` is a sum of
regression trees plus a baseline, passed through the logistic function, so
:func:`hgb_to_onnx` writes its node arrays into one ONNX
``TreeEnsembleRegressor`` node (thresholds, leaf values and input in double
precision, so every split compares exactly as scikit-learn's does) followed
by a ``Sigmoid``. :class:`OnnxClassifier` runs such a graph and answers
``predict_proba(X)`` like the estimator it came from.

Building the graph needs the ``onnx`` package (training/export only);
running it needs only ``onnxruntime``.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

ONNX_ML_OPSET = 3  # ai.onnx.ml: TreeEnsembleRegressor with *_as_tensor (double) attributes
ONNX_OPSET = 17


def is_exportable(value: Any) -> bool:
    """Whether ``value`` is a fitted estimator :func:`hgb_to_onnx` can write (checked by
    name, so that deciding never imports scikit-learn)."""
    cls = type(value)
    return cls.__name__ == "HistGradientBoostingClassifier" and cls.__module__.startswith("sklearn.")


def hgb_to_onnx(est: Any) -> bytes:
    """The ONNX graph (serialised) of a fitted binary ``HistGradientBoostingClassifier``.

    Input ``X`` (n, n_features) double; output ``p`` (n, 1), the probability of
    ``classes_[1]``. scikit-learn sends a row left when ``x <= threshold``
    (``BRANCH_LEQ``) and a missing value the way ``missing_go_to_left`` says.
    """
    try:
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        raise ImportError("saving a model needs the onnx package: pip install 'cleaner[train]'") from None

    if len(est.classes_) != 2 or len(est._predictors[0]) != 1:
        raise ValueError("only binary HistGradientBoostingClassifier models can be exported")
    if getattr(est, "is_categorical_", None) is not None and np.any(est.is_categorical_):
        raise ValueError("categorical features are not supported by the ONNX export")
    tree_ids, node_ids, features, thresholds, modes, true_ids, false_ids, missing = ([] for _ in range(8))
    leaf_tree, leaf_node, leaf_value = [], [], []
    for t, (predictor,) in enumerate(est._predictors):
        nodes = predictor.nodes
        for i, node in enumerate(nodes):
            tree_ids.append(t)
            node_ids.append(i)
            if node["is_leaf"]:
                modes.append("LEAF")
                features.append(0)
                thresholds.append(0.0)
                true_ids.append(0)
                false_ids.append(0)
                missing.append(0)
                leaf_tree.append(t)
                leaf_node.append(i)
                leaf_value.append(float(node["value"]))
            else:
                modes.append("BRANCH_LEQ")
                features.append(int(node["feature_idx"]))
                thresholds.append(float(node["num_threshold"]))
                true_ids.append(int(node["left"]))
                false_ids.append(int(node["right"]))
                missing.append(int(node["missing_go_to_left"]))
    baseline = float(np.ravel(est._baseline_prediction)[0])
    trees = helper.make_node(
        "TreeEnsembleRegressor", ["X"], ["raw"], domain="ai.onnx.ml",
        n_targets=1, aggregate_function="SUM", post_transform="NONE",
        nodes_treeids=tree_ids, nodes_nodeids=node_ids, nodes_featureids=features,
        nodes_modes=modes, nodes_truenodeids=true_ids, nodes_falsenodeids=false_ids,
        nodes_missing_value_tracks_true=missing,
        nodes_values_as_tensor=numpy_helper.from_array(np.array(thresholds, dtype=np.float64)),
        target_treeids=leaf_tree, target_nodeids=leaf_node, target_ids=[0] * len(leaf_tree),
        target_weights_as_tensor=numpy_helper.from_array(np.array(leaf_value, dtype=np.float64)),
        base_values_as_tensor=numpy_helper.from_array(np.array([baseline], dtype=np.float64)),
    )
    # onnxruntime's TreeEnsembleRegressor always returns float32 sums.
    cast = helper.make_node("Cast", ["raw"], ["raw64"], to=TensorProto.DOUBLE)
    sigmoid = helper.make_node("Sigmoid", ["raw64"], ["p"])
    n_features = int(est.n_features_in_)
    graph = helper.make_graph(
        [trees, cast, sigmoid], "hist_gradient_boosting",
        [helper.make_tensor_value_info("X", TensorProto.DOUBLE, [None, n_features])],
        [helper.make_tensor_value_info("p", TensorProto.DOUBLE, [None, 1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", ONNX_OPSET),
                                                     helper.make_opsetid("ai.onnx.ml", ONNX_ML_OPSET)],
                              producer_name="cleaner")
    model.ir_version = 8
    return model.SerializeToString()


class OnnxClassifier:
    """A binary classifier from :func:`hgb_to_onnx`: ``predict_proba(X)`` is (n, 2).

    One intra-op thread (cleaner's parallelism is processes; see cleaner.threads);
    the session is built on first use and shared by threads (onnxruntime's
    ``run`` is thread-safe).
    """

    def __init__(self, graph: bytes, n_features: int, classes: list[Any] | None = None):
        self.graph = graph
        self.n_features = n_features
        self.classes_ = np.array(classes if classes is not None else [0, 1])
        self._session = None
        self._lock = threading.Lock()

    @property
    def session(self):
        if self._session is None:
            with self._lock:
                if self._session is None:
                    import onnxruntime as ort

                    opts = ort.SessionOptions()
                    opts.intra_op_num_threads = 1
                    opts.inter_op_num_threads = 1
                    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                    # Three nodes leave graph rewrites nothing to gain at run time, and
                    # skipping them makes each session start sooner (same outputs).
                    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
                    self._session = ort.InferenceSession(self.graph, sess_options=opts,
                                                         providers=["CPUExecutionProvider"])
        return self._session

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"expected (n, {self.n_features}) features, got {X.shape}")
        if len(X) == 0:
            return np.zeros((0, 2))
        p = self.session.run(["p"], {"X": X})[0][:, 0]
        return np.column_stack([1.0 - p, p])

    def __getstate__(self) -> dict[str, Any]:
        # Picklable for process pools and Dask: the session is rebuilt where it is used.
        return {"graph": self.graph, "n_features": self.n_features, "classes_": self.classes_}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["graph"], state["n_features"], list(state["classes_"]))

    def __repr__(self) -> str:
        return f"OnnxClassifier(n_features={self.n_features}, {len(self.graph)} bytes)"

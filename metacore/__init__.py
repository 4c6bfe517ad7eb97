"""metacore: meta-learning for knowledge tracing on plain arrays.

Never imports Django: it takes numpy arrays (see `metacore.data.Dataset`) and returns arrays,
so a Celery worker, a notebook and a test can all use it. This package is the library the product
uses (its public API below, and `metacore.distributed` for data-parallel training, a command of its
own); `metacore.lab` holds the research bench built on it (evaluation, baselines, simulators, plan
evaluation, benchmarks), which the library never imports.
"""
from metacore.data import (DataFormatError, Dataset, from_sequences, parse_three_line_record, read_three_line,
                           three_line_records)
from metacore.encoder import HistoryState, embed_interactions, history_features
from metacore.explicit_model import ExplicitModel
from metacore.functional import logit, probit_scale, sigmoid
from metacore.item_offsets import ItemOffsets
from metacore.learning_curve import curve_gain, fit_learning_curves
from metacore.online_estimate import OnlineEstimator, blend, estimate_histories, fit_online_prior
from metacore.generator import (MetaCoreNet, NetConfig, OnlineStudent, encode_histories, generate_along,
                                generate_models, population_prior)
from metacore.metric import TaskStats, cohorts, mean_task_distance, task_stats, topk_nearest
from metacore.planner import (Plan, PlanConfig, PlanStep, apply_overrides, make_plan, make_plans, plan_from_dict,
                              plan_many, planning_model, plans_from_dicts)
from metacore.prerequisites import PrerequisiteConfig, Suggestion, as_dag, suggest_prerequisites
from metacore.scoring import auc, scores
from metacore.train import (TrainConfig, config_from_dict, load_checkpoint, net_from_checkpoint, predict_next,
                            save_checkpoint, train)

__version__ = "0.1.0"
__all__ = [
    # data
    "DataFormatError", "Dataset", "from_sequences", "read_three_line", "three_line_records",
    "parse_three_line_record",
    # elementwise functions
    "sigmoid", "logit", "probit_scale",
    # the generator and the explicit model it emits
    "HistoryState", "embed_interactions", "history_features", "MetaCoreNet", "NetConfig", "OnlineStudent",
    "encode_histories", "generate_along", "generate_models", "population_prior", "ExplicitModel",
    # the population's learning curves, the gain plans read off them, and the online estimate plans blend in
    "fit_learning_curves", "curve_gain", "OnlineEstimator", "fit_online_prior", "estimate_histories", "blend",
    # the items of one skill told apart, where responses carry item ids
    "ItemOffsets",
    # training
    "TrainConfig", "config_from_dict", "train", "predict_next", "save_checkpoint",
    "load_checkpoint", "net_from_checkpoint",
    # similarity, scores, plans, prerequisites
    "TaskStats", "task_stats", "topk_nearest", "mean_task_distance", "cohorts", "auc", "scores", "Plan", "PlanConfig",
    "PlanStep", "make_plan", "make_plans", "plan_from_dict", "plans_from_dicts", "plan_many", "apply_overrides",
    "planning_model", "PrerequisiteConfig",
    "Suggestion", "suggest_prerequisites", "as_dag",
]

"""Reference knowledge tracers for the evaluation harness: per-skill rate, PFA, BKT and DKT.

Each implements `metacore.base.KnowledgeTracer` (fit / predict_next / forecast) on `metacore.data.Dataset`.
"""
from metacore.baselines.bkt import BKT
from metacore.baselines.dkt import DKT
from metacore.baselines.pfa import PFA
from metacore.baselines.prior import SkillPrior

__all__ = ["BKT", "DKT", "PFA", "SkillPrior"]

"""Reference knowledge tracers for the evaluation harness: per-skill and per-item rates, PFA, BKT and DKT.

Each implements `metacore.lab.base.KnowledgeTracer` (fit / predict_next / forecast) on `metacore.data.Dataset`.
"""
from metacore.lab.baselines.bkt import BKT
from metacore.lab.baselines.dkt import DKT
from metacore.lab.baselines.pfa import PFA
from metacore.lab.baselines.prior import ItemPrior, SkillPrior

__all__ = ["BKT", "DKT", "ItemPrior", "PFA", "SkillPrior"]

"""metacore's lab: the research bench built on the library, which the library never imports.

    evaluate     python -m metacore.lab.evaluate: knowledge tracers on 3-line files (next-response and cold-start AUC)
    tracer       MetaCoreTracer: the generator and similarity as a KnowledgeTracer (`base`) for that harness
    baselines    the reference tracers: per-skill and per-item rates, PFA, BKT and DKT
    synthetic    python -m metacore.lab.synthetic: synthetic sets the evaluator reads (the DKT paper's kind, the
                 generative simulator's), and the Bayes-optimal cold start of the first
    simulators   simulated students (generative, and a DKT trained on real data); gym_envs: the same as Gymnasium
                 environments (the lab's extra: requirements-lab.txt)
    plan_eval    python -m metacore.lab.plan_eval: study-plan policies graded on simulated students
    bench        python -m metacore.lab.bench: speed and memory of what the platform calls often
"""

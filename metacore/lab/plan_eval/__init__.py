"""Grade study-plan policies on simulated students: python -m metacore.lab.plan_eval --json OUT.

Protocol. For each simulator (`generative`, `dkt`; see metacore.lab.simulators) the same N simulated students
(same seeds, and the same uniform draws deciding every response: common random numbers) practise `steps`
items chosen by each policy, on the simulators' calendar (`simulators.Calendar`: by default 2 items a school
day, no practice at weekends, a two-week holiday after three weeks: 50 items end on day 46), forgetting by the
days in between. A policy sees only the observed responses, when they were given (the Context's `day`,
`days_since` and `since`, in items) and the skill graph and goals:

    random          uniform over the goal skills and their prerequisites
    round_robin     the goal skills in turn
    lowest_mastery  the goal-or-prerequisite skill with the lowest estimated mastery not yet mastered (OATutor)
    weighted_score  ALOSI's score (see `policy_weighted_score`), in log-odds as ALOSI computes it: remediation
                    max(L* - L, 0) + continuity (same skill 1) + readiness (penalty for prerequisites below
                    mastery, forgiven down to `ready`) - |L - logit(band centre)|, equal weights, over the
                    unmastered goal-or-prerequisite skills
    fsrs            reviews scheduled by FSRS (the `fsrs` package, `FSRSReviews`): a card per goal skill, each
                    answer a review (right: Good, wrong: Again); the goal most overdue, else a goal not yet
                    started, else the one due soonest
    ours            metacore.planner, re-planned after every response from the estimated ExplicitModel; the
                    first planned item is practised; a day's items are one session, as a site session is (the
                    planner interleaves after the day's item before: `plan_many(previous=...)`)
    ours_transfer   the same planner also given the cross-skill transfer `fit_transfer` estimated from the
                    population's data (calibration students / the DKT's training data): practice is ranked
                    by its own expected gain plus the expected change of the goals' P from the answer's
                    transfer (reported beside `ours`, each compared with the best non-ours policy)
    ours_generated  the same planner on the product's own model of each student, as the site plans: metacore's
                    generator, trained on the population's data, reads every answer (one GRU step, as the site's
                    OnlineStudent) and generates mastery, uncertainty and stability (`generated`); the planner
                    gets its mastery and uncertainty blended with the online estimate started from the prior the
                    generator's checkpoint keeps (`metacore.online_estimate.blend`), its stability, and the gain
                    of the population's learning curve at the student's practice count (`metacore.learning_curve`)
    ours_generated_only  ours_generated without the blend: the generated model alone (how the site planned
                    before it)
    ours_network    the same generator looked one answer ahead: the candidate whose practice now gives the highest
                    expected mean goal P after its answer, by the network itself (greedy, as the DKT ceilings)
    ours_neighbours ours_generated with the gains of each student's 10 nearest students blended into the planner's
                    gain (`PlanConfig.neighbour_weight`), as the site's plans did until 2026-12-01: the nearest by
                    the seed paper's task distance (`metacore.metric`) among the generator's training students,
                    their generated gains after their whole histories, searched again every 10 items

Estimated mastery (for lowest_mastery, weighted_score and both ours) comes from `metacore.online_estimate`'s
`OnlineEstimator`: per student a Gaussian over the skills' logits of P(correct), from a population prior
(`fit_learning_curves`: each skill's first-attempt success rate and learning-curve slope; `ability_variance`:
the share of the variance common to all of a student's skills, from a Rasch fit of first attempts; both from
calibration students: simulated under random practice for the generative simulator, the DKT's real training
data for the DKT simulator), updated by online Bayesian logistic (Laplace) steps per answer (an answer moves
every skill through the shared ability) plus the population learning curve. It yields an ExplicitModel per student (mastery logit,
population gain, variance): the planner gets an estimate, never the simulator's truth. Ours (and ours_transfer)
read a `ForgettingEstimator` instead (`forgetting`): the same estimate, with what practice taught fading by the
days since each skill's last practice along FSRS's curve, per student and skill stabilities, and the
population's forgetting constants fitted (`fit_forgetting`) on calibration students practising at random on
the same calendar (generative: the calibration students above; DKT: 300 other simulated students, as real
data carries no days); the planner also gets its stabilities, so reviews come due when it says a skill is
forgotten. The rivals keep the estimate without forgetting, as the systems they copy have. The generator of
ours_generated, ours_generated_only, ours_network and ours_neighbours (`--generator-seconds`, cached with the
DKTs) is trained on 10,000 more generative students practising at random on the calendar
(`--generator-students`), and on the DKT's own training data for the DKT simulator, where it reads each student's
real prefix first.

Metrics: normalised gain (Hake) (post - pre) / (1 - pre) of the class average of each student's mean true
P(success) on their goal skills, before the first item and right after the last, with a 95% bootstrap CI over
students (1000 resamples, the same resamples for every policy); retention: the class average of the mean true
P on the goal skills 30 calendar days after the last item (no practice in between), with its CI on the same
resamples; in_band: share of practice items whose true P(success) at the time lay inside the band. Also the
paired bootstrap differences ours - best other policy on gain (`ours_vs_best_other`) and ours - fsrs and
ours - round_robin on retention (`ours_retention_vs`), the same for ours_transfer. fsrs counts as an other
policy, never as ours.

Ceilings (--ceilings; under each simulator's "ceilings", never ours nor the best other policy): policies that
read the simulator itself, to say how much any policy could gain and how much of it is visible to a model
that is not the simulator: `ceiling_ours_true_state` (our planner given the true P), and
`ceiling_simulator_lookahead` (generative: a rollout of round robin on the true state and dynamics; DKT:
greedy expected goal P on the simulator's own network), for the generative simulator
`ceiling_simulator_sequence` (each student's best fixed sequence of items on the true state and dynamics,
found by coordinate ascent: about the most any policy could gain there) and `ceiling_simulator_posterior`
(the generative lookahead over a particle posterior of each student: the simulator's rules and population
known exactly, the student only through the answers, as ours), and for the DKT
`ceiling_second_dkt_lookahead` (the same greedy on a second DKT trained on the same data with another seed
and size, following the answers).

Modules: `population` (what is known of a simulated population, from calibration data), `forgetting` (what a
policy knows of each student, forgetting by days; without, `metacore.online_estimate`), `generated` (the same,
from metacore's generator, and the site's blend), `policies`, `ceilings`, `harness` (every policy on one
population), `setups` (the two simulators' populations), `speed` (the speed of planning as the site plans: the
estimate from the history, then the planner) and `cli` (the command line).
"""

"""Exam readiness: predicted recall on the exam day, a daily plan to get there, and cram selection.

Predicted recall of a card on the exam day (0–1):
- answered: the fsrs forgetting curve R = (1 + FACTOR·t/S)^DECAY of the stored card state at the exam
  moment (`EXAM_HOUR` local time on the exam date), t in days since the last answer, unrounded
  (`Scheduler.get_card_retrievability` rounds t down to whole days, so it calls a card answered the
  evening before 100% at the exam). Answers count as plain right/wrong. A card whose last answer
  earned under half its marks counts at that share until answered right again (see `_Mixture`).
- never answered: the student's own first-attempt accuracy on new cards, a Beta posterior over the
  first answers the store still knows (cards answered at most `RECENT_OUTCOMES` times) with the prior
  `NEW_PRIOR_RIGHT` right and `NEW_PRIOR_WRONG` wrong imagined answers: no data gives 0.4.

The deck's predicted score is the expected share of marks, the mean of the per-card p. Its 80% range
is mean ± 1.2816·sd (normal approximation), clipped to 0–1, with sd² the sum of two parts:
- the exam's own sampling spread: each card is one right-or-wrong draw, so Var = Σ p(1−p) / n²
  (Poisson-binomial);
- the uncertainty of the p themselves, which comes mostly from the student's memory differing from
  the fsrs default parameters: each card's stability is taken as uncertain by a factor e^±σ
  (σ = `STABILITY_LOG_SD`), sd_i = (R(S·e^σ) − R(S·e^−σ)) / 2 at the exam moment; an unseen card's sd
  is the Beta posterior's sd of the first-attempt accuracy. With the plan, the plan's reviews are
  replayed by a memory e^σ and e^−σ times as stable (its answers' odds change too). The student's memory is shared by all
  cards, so these are added as fully correlated: sd_model = mean of sd_i. σ was tuned on the
  simulated learners of tests/core/test_readiness_calibration.py for an honest 80% range.

The plan (`assess_readiness`) simulates fsrs forward day by day from today to the day before the
exam. A planned review succeeds with the card's recall then, P (FSRS: the chance of a right answer is
the retrievability), and splits the card into a right branch (weight P, fsrs's Good update) and a
wrong one (1 − P, Again), each with the card's own difficulty, so its recall on the exam day with the
plan is P × R(after a right answer) + (1 − P) × R(after a miss), over every planned review (beyond
`MAX_BRANCHES`, the lightest branches are merged). A never-seen card's first answer is right with the
first-attempt accuracy and starts from fsrs's first stability of Good or Again. A miss is capped at
the student's own accuracy after a miss (`relearn_recall`; `_Mixture` says why), so a card that keeps
being missed stays far from certain. A review never lowers a card below doing nothing. Each day, within the budget
(minutes × 60 / seconds per card), it reviews the cards due by the target ladder — the first day a
card's predicted recall falls below the target, or the last day before the exam when the recall on
the exam day would still be under target — lowest exam-day recall first, then introduces unseen cards
in deck order, and with the room left gives cards already on target one last review in the final
week (issue 15: the last review close to the exam). New cards come up to a quarter of the day's
cards (or more, to get them all in before the last two days), so that later reviews still fit.

Pure: no Textual; fsrs is imported on first use. Clocks are passed in, nothing is random.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from tui.core import scheduling
from tui.core.exam_dates import SETTING_PREFIX as SETTING_PREFIX  # the exam date moved; still importable here
from tui.core.exam_dates import exam_date
from tui.core.exam_dates import set_exam_date as set_exam_date
from tui.core.progress import RECENT_OUTCOMES, QuestionStats
from tui.core.progress.store import RIGHT_FROM

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.progress import ProgressStore

DEFAULT_TARGET = 0.9  # issue 15: each card's recall on the exam day should reach 90%
DEFAULT_MINUTES = 20  # issue 15: daily time budget
DEFAULT_SECONDS_PER_CARD = 15.0  # a short-answer card, before the student's own times are known
SECONDS_PRIOR_ANSWERS = 5  # the default counts as 5 answers against the student's own mean time
NEW_PRIOR_RIGHT, NEW_PRIOR_WRONG = 2.0, 3.0  # first-attempt accuracy 0.4 until the student shows theirs
NEW_PRIOR_MEAN = NEW_PRIOR_RIGHT / (NEW_PRIOR_RIGHT + NEW_PRIOR_WRONG)
# how far (log) a student's stabilities may sit from fsrs defaults; tuned by simulation
STABILITY_LOG_SD = 0.3
RANGE_Z = 1.2816  # two-sided 80% of a normal distribution
EXAM_HOUR = 9  # the exam moment: 09:00 local time on the exam date
TRAJECTORY_POINTS = 60  # a chart needs no more
MAX_BRANCHES = 8  # outcome branches kept per card in the forward simulation
LAST_REVIEW_DAYS = 7  # every card's last review falls in the week before the exam when time allows
NEW_SHARE_OF_DAY = 4  # new cards may take up to a quarter of a day's cards, more if the days run out
CRAM_DAYS = 3  # issue 15: cram is offered by default in the last three days
MAX_MINUTES_SEARCHED = 240  # `minutes_needed` gives up beyond four hours a day
# The farthest exam date taken, in days: a revision plan is day by day, so its cost grows with the days
# (year 9999 ran for minutes); three years covers any course's final exam.
MAX_DAYS_AHEAD = 3 * 365


def parse_exam_date(text: str, today: date) -> date:
    """A date typed by the student ("YYYY-MM-DD"), from today to `MAX_DAYS_AHEAD` days on.

    Raises ValueError with a message for people when it is not a date, has passed or is too far.
    """
    try:
        when = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD, for example 2027-06-14.") from None
    if when < today:
        raise ValueError(f"The exam date {when.isoformat()} has passed (today is {today.isoformat()}).")
    if days_left(today, when) > MAX_DAYS_AHEAD:
        latest = today + timedelta(days=MAX_DAYS_AHEAD)
        raise ValueError(
            f"The exam date {when.isoformat()} is more than three years away: give one by {latest.isoformat()}."
        )
    return when


def days_left(today: date, exam: date) -> int:
    """Whole days from today to the exam date: 0 on the day itself, negative once it has passed."""
    return (exam - today).days


def cram_offered(today: date, exam: date) -> bool:
    """Whether screens offer cram by default: the last `CRAM_DAYS` days before the exam, and its day."""
    return 0 <= days_left(today, exam) <= CRAM_DAYS


# -- the student's own figures ----------------------------------------------------------


def seconds_per_card(stats: Iterable[QuestionStats]) -> float:
    """Expected seconds per answer: the student's mean answer time, shrunk toward the default.

    (DEFAULT × SECONDS_PRIOR_ANSWERS + Σ mean_seconds × attempts) / (SECONDS_PRIOR_ANSWERS + Σ attempts);
    a record without a time (0) is left out.
    """
    total = DEFAULT_SECONDS_PER_CARD * SECONDS_PRIOR_ANSWERS
    count = float(SECONDS_PRIOR_ANSWERS)
    for s in stats:
        if s.attempts and s.mean_seconds > 0:
            total += s.mean_seconds * s.attempts
            count += s.attempts
    return total / count


@dataclass(frozen=True)
class NewCardRecall:
    """The Beta posterior of the student's first-attempt accuracy on new cards."""

    right: float
    wrong: float

    @property
    def mean(self) -> float:
        return self.right / (self.right + self.wrong)

    @property
    def sd(self) -> float:
        n = self.right + self.wrong
        return math.sqrt(self.mean * (1 - self.mean) / (n + 1))

    @property
    def first_answers(self) -> int:
        return round(self.right + self.wrong - NEW_PRIOR_RIGHT - NEW_PRIOR_WRONG)


def new_card_recall(stats: Iterable[QuestionStats]) -> NewCardRecall:
    """First-attempt accuracy over the records whose first answer is still among the recent ones."""
    right, wrong = NEW_PRIOR_RIGHT, NEW_PRIOR_WRONG
    for s in stats:
        # the store keeps the last RECENT_OUTCOMES outcomes: the first is known while all are kept
        if s.attempts and len(s.recent) == s.attempts <= RECENT_OUTCOMES:
            if s.recent[0]:
                right += 1
            else:
                wrong += 1
    return NewCardRecall(right, wrong)


def relearn_recall(stats: Iterable[QuestionStats]) -> NewCardRecall:
    """The student's chance (0–1, a Beta posterior) of a right answer the next time after a miss.

    Counted over each card's recent outcomes (the store keeps the last `RECENT_OUTCOMES`): every
    answer that follows a wrong one on the same card, with the new-card prior (`NEW_PRIOR_RIGHT`
    right, `NEW_PRIOR_WRONG` wrong: 0.4 without data), as a card missed and shown its answer is not
    known until answered right again. `first_answers` of the result counts those answers.
    """
    right, wrong = NEW_PRIOR_RIGHT, NEW_PRIOR_WRONG
    for s in stats:
        for before, after in itertools.pairwise(s.recent):
            if not before:
                if after:
                    right += 1
                else:
                    wrong += 1
    return NewCardRecall(right, wrong)


def card_relearn(pooled: NewCardRecall, stats: QuestionStats) -> float:
    """One card's chance (0–1) of a right answer after a miss: the student's pooled figure, moved by
    the card's own answers after its misses (empirical Bayes: the pooled posterior's mean as the
    prior, worth `NEW_PRIOR_RIGHT + NEW_PRIOR_WRONG` answers), so a card missed again and again is
    expected to be missed again."""
    right = wrong = 0
    for before, after in itertools.pairwise(stats.recent):
        if not before:
            right += after
            wrong += not after
    weight = NEW_PRIOR_RIGHT + NEW_PRIOR_WRONG
    return (pooled.mean * weight + right) / (weight + right + wrong)


# -- scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A predicted share of marks (0–1) with its 80% range, over `cards` cards."""

    mean: float
    low: float
    high: float
    cards: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "mean": round(self.mean, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "cards": self.cards,
        }

    def text(self) -> str:
        """ "71% (64–78)": percent and range, for the home line and the command line; "67%" alone when
        the range is no range (every card certain either way, nothing to spread)."""
        low, high = f"{self.low * 100:.0f}", f"{self.high * 100:.0f}"
        return f"{self.mean:.0%}" if low == high else f"{self.mean:.0%} ({low}–{high})"


def combine(recalls: Sequence[float], spreads: Sequence[float]) -> Score:
    """The score of cards with recall p_i and model uncertainty sd_i (see the module docstring)."""
    n = len(recalls)
    if not n:
        return Score(0.0, 0.0, 0.0, 0)
    mean = sum(recalls) / n
    sampling = sum(max(0.0, p * (1 - p)) for p in recalls) / n**2  # float noise may put p a hair past 1
    model = sum(spreads) / n
    sd = math.sqrt(sampling + model**2)
    return Score(mean, max(0.0, mean - RANGE_Z * sd), min(1.0, mean + RANGE_Z * sd), n)


# -- the forward simulation -------------------------------------------------------------


class _Memory:
    """The fsrs scheduler's own forgetting curve and stability updates, on plain floats.

    The forward simulation calls these hundreds of thousands of times; `Scheduler.review_card` on
    Card objects and datetimes costs ~50 times more. Same formulas (the scheduler's methods and
    constants); tests/core/test_readiness.py checks the two agree.
    """

    def __init__(self, scheduler: Any = None, strength: float = 1.0, relearn: float = NEW_PRIOR_MEAN) -> None:
        """`scheduler`: another one for simulated learners' hidden memory; `strength`: stabilities × it;
        `relearn`: the chance (0–1) of a right answer after a miss (`relearn_recall`), a missed card's cap."""
        from fsrs import Rating

        self.scheduler = scheduler or scheduling._scheduler()
        self.strength = strength
        self.relearn = relearn
        self.factor: float = self.scheduler._FACTOR
        self.decay: float = self.scheduler._DECAY
        self.good, self.again = Rating.Good, Rating.Again
        # branches of many cards share a history, so the same updates recur: remember them
        self._reviews: dict[tuple[float, float, int, bool], tuple[float, float]] = {}
        self._outcomes: dict[tuple[float, float, int], tuple[float, float, float, float]] = {}

    def recall(self, stability: float, elapsed_days: float) -> float:
        """The fsrs forgetting curve R = (1 + FACTOR·t/S)^DECAY after `elapsed_days` t (FSRS-6, "The
        Algorithm" in the fsrs4anki wiki). t may be fractional: the curve is continuous, while
        `get_card_retrievability` floors t to whole days and so calls any card answered under a
        day ago certain, which made a review the evening before the exam read 100% on the day."""
        return (1 + self.factor * max(0.0, elapsed_days) / (stability * self.strength)) ** self.decay

    def outcomes(
        self, stability: float, difficulty: float, elapsed_days: int
    ) -> tuple[float, float, float, float]:
        """(stability and difficulty after a right answer, after a wrong one) after whole
        `elapsed_days` (fsrs's `review_card` counts whole days too), remembered."""
        key = (stability, difficulty, elapsed_days)
        known = self._outcomes.get(key)
        if known is None:
            if len(self._outcomes) > 100_000:
                self._outcomes.clear()
            right = self.review(stability, difficulty, elapsed_days, True)
            wrong = self.review(stability, difficulty, elapsed_days, False)
            known = self._outcomes[key] = (*right, *wrong)
        return known

    def first(self, right: bool) -> tuple[float, float]:
        """(stability, difficulty) after a new card's first answer."""
        rating = self.good if right else self.again
        return (
            self.scheduler._initial_stability(rating=rating),
            self.scheduler._initial_difficulty(rating=rating, clamp=True),
        )

    def review(
        self, stability: float, difficulty: float, elapsed_days: int, right: bool
    ) -> tuple[float, float]:
        """(stability, difficulty) after an answer `elapsed_days` after the last one."""
        key = (stability, difficulty, elapsed_days, right)
        known = self._reviews.get(key)
        if known is not None:
            return known
        if len(self._reviews) > 100_000:
            self._reviews.clear()
        rating = self.good if right else self.again
        if elapsed_days < 1:
            new_stability = self.scheduler._short_term_stability(stability=stability, rating=rating)
        else:
            new_stability = self.scheduler._next_stability(
                difficulty=difficulty,
                stability=stability,
                retrievability=self.recall(stability, elapsed_days),
                rating=rating,
            )
        after = new_stability, self.scheduler._next_difficulty(difficulty=difficulty, rating=rating)
        self._reviews[key] = after
        return after


# one possible state of a card: (weight, stability, difficulty, day of the last answer from now, cap):
# cap is the most its recall can be (1 unless its last answer was a miss: see `_Mixture`)
_Branch = tuple[float, float, float, float, float]


@dataclass
class _Mixture:
    """One card's possible fsrs states after planned reviews, weighted by how likely each is.

    A branch's recall is the fsrs curve (fractional days) capped by the branch's cap. A branch whose
    last answer was a miss is capped: fsrs's post-lapse stability is fitted to Anki reviews that
    follow relearning steps (a missed card shown again the same day until answered right; Anki
    manual, "Relearning steps"), which this app does not have (`scheduling._scheduler`), so its curve
    (77% the day after missing a new card) overstates a card just missed. The cap of a stored card
    last missed is that answer's share of the marks (the README rule for "now" and "doing nothing");
    of a miss in the plan, the student's own chance of a right answer after a miss
    (`relearn_recall`, moved by the card's own answers after a miss: `card_relearn`). A review succeeds with the card's recall then, a missed card's with the
    chance after a miss (not below its own cap); after a right answer the cap is lifted.
    """

    memory: _Memory
    branches: list[_Branch]
    reviews: int = 0
    relearn: float | None = None  # this card's chance after a miss (`card_relearn`); None: the memory's

    def recall(self, day: float, scale: float = 1.0) -> float:
        """Expected recall at `day` days from now (with every stability times `scale`)."""
        # the curve of `_Memory.recall` inlined: this is the planner's innermost loop
        factor, decay = self.memory.factor, self.memory.decay
        scale *= self.memory.strength
        total = 0.0
        for weight, stability, _difficulty, last, cap in self.branches:
            elapsed = day - last
            r = (1 + factor * elapsed / (stability * scale)) ** decay if elapsed > 0 else 1.0
            total += weight * (r if r < cap else cap)
        return min(1.0, total)  # the weights sum to 1 up to float noise

    def spread(self, day: float) -> float:
        """Half the change in recall at `day` between stabilities e^−σ and e^σ times theirs."""
        wide = math.exp(STABILITY_LOG_SD)
        return (self.recall(day, wide) - self.recall(day, 1 / wide)) / 2

    def review(self, day: float) -> None:
        """A review at `day`: each branch splits into right and wrong, P(right) = its recall then.

        The expected recall later is P × R(after a right answer) + (1 − P) × R(after a miss), each
        with the branch's own difficulty (FSRS: the next stability depends on the grade).
        """
        split: list[_Branch] = []
        memory = self.memory
        relearn = memory.relearn if self.relearn is None else self.relearn
        outcomes = memory.outcomes
        factor, decay, strength = memory.factor, memory.decay, memory.strength
        for weight, stability, difficulty, last, cap in self.branches:
            elapsed = day - last
            right_s, right_d, wrong_s, wrong_d = outcomes(stability, difficulty, math.floor(elapsed))
            # `_Memory.recall` inlined (the planner's second loop); a missed branch: the after-a-miss chance
            r = (1 + factor * elapsed / (stability * strength)) ** decay if elapsed > 0 else 1.0
            if cap < 1:
                r = min(r, cap if cap > relearn else relearn)
            split.append((weight * r, right_s, right_d, day, 1.0))
            split.append((weight * (1 - r), wrong_s, wrong_d, day, relearn))
        self.branches = _merge(split)
        self.reviews += 1

    @classmethod
    def introduced(cls, memory: _Memory, p_right: float, day: float) -> _Mixture:
        """A new card met at `day`, right the first time with probability `p_right`: fsrs's first
        stability and difficulty of a Good (right) or an Again (wrong, capped as a miss) rating."""
        right, wrong = memory.first(True), memory.first(False)
        return cls(
            memory,
            _merge([(p_right, *right, day, 1.0), (1 - p_right, *wrong, day, memory.relearn)]),
            reviews=1,
        )


def _merge(branches: list[_Branch]) -> list[_Branch]:
    """Keep the heaviest `MAX_BRANCHES`; each dropped branch's weight goes to the kept one nearest in stability."""
    if len(branches) <= MAX_BRANCHES:
        return branches
    ranked = sorted(branches, key=lambda b: -b[0])
    kept = sorted(ranked[:MAX_BRANCHES], key=lambda b: b[1])
    stabilities = [b[1] for b in kept]
    weights = [b[0] for b in kept]
    for weight, stability, _d, _last, _cap in ranked[MAX_BRANCHES:]:
        i = bisect.bisect_left(stabilities, stability)
        if i == len(kept) or (i > 0 and stability - stabilities[i - 1] < stabilities[i] - stability):
            i -= 1
        weights[i] += weight
    return [(w, s, d, last, cap) for w, (_w, s, d, last, cap) in zip(weights, kept)]


# -- the readiness report -----------------------------------------------------------------


@dataclass(frozen=True)
class CardOutlook:
    """One card's predicted recall (0–1): now, on the exam day doing nothing, and with the plan."""

    card_id: str
    topic: str
    seen: bool
    now: float
    without_plan: float
    with_plan: float


@dataclass(frozen=True)
class TopicReadiness:
    """A topic's predicted score now, on the exam day doing nothing, and following the plan."""

    name: str
    now: Score
    without_plan: Score
    with_plan: Score


@dataclass(frozen=True)
class PlanDay:
    """One day of the plan: reviews of cards already met, then new cards, and the time they take."""

    day: date
    reviews: tuple[str, ...]
    new: tuple[str, ...]
    seconds: float

    @property
    def card_ids(self) -> tuple[str, ...]:
        return self.reviews + self.new


@dataclass(frozen=True)
class ScorePoint:
    """The predicted score (0–1) if the exam were on `day`: doing nothing, and following the plan."""

    day: date
    without_plan: float
    with_plan: float


@dataclass(frozen=True)
class Readiness:
    """Everything the readiness screen, the home line and `revise plan` show (see `assess_readiness`)."""

    deck_id: str
    today: date
    exam: date
    target: float
    minutes: float
    seconds_per_card: float
    new_cards: NewCardRecall
    now: Score
    without_plan: Score
    with_plan: Score
    topics: tuple[TopicReadiness, ...]
    days: tuple[PlanDay, ...]
    cards: tuple[CardOutlook, ...] = field(repr=False)
    # today to the exam day (at most ~60 points), for the readiness screen's chart; () unless asked
    trajectory: tuple[ScorePoint, ...] = ()

    @property
    def days_left(self) -> int:
        return days_left(self.today, self.exam)

    @property
    def target_met(self) -> bool:
        """Following the plan, the predicted score reaches the target."""
        return self.with_plan.mean >= self.target

    @property
    def today_cards(self) -> tuple[str, ...]:
        """Today's session: the plan's cards for today (none on the exam day itself)."""
        return self.days[0].card_ids if self.days and self.days[0].day == self.today else ()

    def home_line(self) -> str:
        """ "Exam in 23 days · predicted 71% (64–78) · 86% with today's plan" (issue 15)."""
        if self.days_left == 0:
            when = "Exam today"
        elif self.days_left == 1:
            when = "Exam tomorrow"
        else:
            when = f"Exam in {self.days_left} days"
        return f"{when} · predicted {self.without_plan.text()} · {self.with_plan.mean:.0%} with today's plan"

    def as_dict(self) -> dict[str, Any]:
        """What `revise plan --json` prints."""
        return {
            "deck": self.deck_id,
            "today": self.today.isoformat(),
            "exam": self.exam.isoformat(),
            "days_left": self.days_left,
            "target": self.target,
            "minutes_per_day": self.minutes,
            "seconds_per_card": round(self.seconds_per_card, 3),
            "new_card_recall": round(self.new_cards.mean, 4),
            "predicted": {
                "now": self.now.as_dict(),
                "exam_without_plan": self.without_plan.as_dict(),
                "exam_with_plan": self.with_plan.as_dict(),
            },
            "target_met": self.target_met,
            "topics": [
                {
                    "name": t.name,
                    "now": t.now.as_dict(),
                    "exam_without_plan": t.without_plan.as_dict(),
                    "exam_with_plan": t.with_plan.as_dict(),
                }
                for t in self.topics
            ],
            "today_cards": list(self.today_cards),
            "plan": [
                {
                    "day": d.day.isoformat(),
                    "reviews": list(d.reviews),
                    "new": list(d.new),
                    "seconds": round(d.seconds, 1),
                }
                for d in self.days
            ],
        }


def exam_moment(exam: date, tz: tzinfo | None = None) -> datetime:
    """`EXAM_HOUR` o'clock on the exam date in `tz` (local when None), as UTC."""
    naive = datetime.combine(exam, time(EXAM_HOUR))
    # a naive datetime's astimezone() reads it as local time
    local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
    return local.astimezone(UTC)


def assess_readiness(
    deck: Deck,
    stats: Mapping[str, QuestionStats],
    exam: date,
    now: datetime,
    *,
    minutes: float = DEFAULT_MINUTES,
    target: float = DEFAULT_TARGET,
    tz: tzinfo | None = None,
    card_ids: Sequence[str] | None = None,
    trajectory: bool = False,
) -> Readiness:
    """Predicted scores and the day-by-day plan for `deck` with exam on `exam`, seen at `now` (aware).

    `stats` is `store.all_question_stats(deck.id)`; `minutes` the daily budget; `target` the recall
    (0–1) each card should reach on the exam day; `tz` decides what "today" is (local when None);
    `card_ids` limits the plan to some cards (a later pass without some topics); `trajectory` adds
    the day-by-day score for a chart (costs a pass over the cards per point). Raises ValueError
    if the exam date has passed.
    """
    now = now.astimezone(UTC)
    today = now.astimezone(tz).date()
    if exam < today:
        raise ValueError(f"The exam date {exam.isoformat()} has passed (today is {today.isoformat()}).")
    wanted = set(card_ids) if card_ids is not None else None
    cards = [c for c in deck.cards if wanted is None or c.id in wanted]
    answered = [stats[c.id] for c in cards if c.id in stats and stats[c.id].schedule]
    newcomer = new_card_recall(stats.values())
    per_card = seconds_per_card(stats.values())
    at_exam = max(exam_moment(exam, tz), now)
    exam_day = (at_exam - now).total_seconds() / 86400  # the exam in days from now
    span = days_left(today, exam)  # plan days 0..span-1: now, then the same time on later days

    relearn = relearn_recall(stats.values())
    memory = _Memory(relearn=relearn.mean)
    stored = {s.card_id: s.schedule for s in answered if s.schedule and s.schedule.get("stability")}
    mixtures = {}
    for card_id, schedule in stored.items():
        last = (datetime.fromisoformat(schedule["last_review"]) - now).total_seconds() / 86400
        # a card last missed counts at its share of the marks until answered right again: doing
        # nothing never raises it (fsrs's curve starts at 1 right after the miss)
        credit = stats[card_id].last_credit
        cap = credit if credit is not None and credit < RIGHT_FROM else 1.0
        mixtures[card_id] = _Mixture(
            memory,
            [(1.0, float(schedule["stability"]), float(schedule["difficulty"]), last, cap)],
            relearn=card_relearn(relearn, stats[card_id]),
        )
    # card id -> sd of p (now, on the exam day without the plan, with it); unseen: the shared estimate
    spreads = {card.id: [newcomer.sd] * 3 for card in cards}
    for card_id, mixture in mixtures.items():
        spreads[card_id] = [mixture.spread(0), mixture.spread(exam_day), 0.0]
    curve_days = list(range(0, span, max(1, math.ceil(span / TRAJECTORY_POINTS)))) if trajectory else []
    untouched = {
        card_id: _Mixture(memory, list(m.branches), relearn=m.relearn) for card_id, m in mixtures.items()
    }
    days, with_curve = _plan(
        [c.id for c in cards],
        mixtures,
        memory,
        span,
        exam_day,
        target,
        newcomer.mean,
        capacity=int(minutes * 60 // per_card),
        curve_days=set(curve_days),
    )
    points = []
    unseen_recall = (len(cards) - len(untouched)) * newcomer.mean
    for d in curve_days:
        without = (sum(m.recall(d) for m in untouched.values()) + unseen_recall) / max(1, len(cards))
        points.append(ScorePoint(today + timedelta(days=d), without, max(without, with_curve[d])))
    # with the plan: the same reviews replayed by a memory e^±σ times as strong; then by the student's
    # first-attempt and after-a-miss accuracies one sd higher and lower (their Beta posteriors): two
    # separate unknowns, so their halves of the change add in quadrature
    stronger, weaker = (
        _replay(
            days,
            untouched,
            _Memory(strength=math.exp(sign * STABILITY_LOG_SD), relearn=relearn.mean),
            newcomer.mean,
            0.0,
            exam_day,
        )
        for sign in (1, -1)
    )
    abler, weaker_answers = (
        _replay(
            days,
            untouched,
            _Memory(relearn=_clip(relearn.mean + sign * relearn.sd)),
            _clip(newcomer.mean + sign * newcomer.sd),
            sign * relearn.sd,
            exam_day,
        )
        for sign in (1, -1)
    )
    for card_id in mixtures:
        memory_half = (stronger[card_id] - weaker[card_id]) / 2
        answers_half = (abler[card_id] - weaker_answers[card_id]) / 2
        spreads[card_id][2] = math.hypot(memory_half, answers_half)

    outlooks = []
    for card in cards:
        if card.id in untouched:
            now_p = untouched[card.id].recall(0)
            without = untouched[card.id].recall(exam_day)
        else:
            now_p = without = newcomer.mean
        # a review never lowers what doing nothing predicts (it shows the answer after a miss)
        with_plan = max(without, mixtures[card.id].recall(exam_day)) if card.id in mixtures else without
        outlooks.append(CardOutlook(card.id, card.topic, card.id in stored, now_p, without, with_plan))

    def scores(group: list[CardOutlook]) -> tuple[Score, Score, Score]:
        return (
            combine([o.now for o in group], [spreads[o.card_id][0] for o in group]),
            combine([o.without_plan for o in group], [spreads[o.card_id][1] for o in group]),
            combine([o.with_plan for o in group], [spreads[o.card_id][2] for o in group]),
        )

    topics = []
    for topic in deck.topics:
        group = [o for o in outlooks if o.topic == topic.name]
        if group:
            topics.append(TopicReadiness(topic.name, *scores(group)))
    now_score, without_score, with_score = scores(outlooks)
    return Readiness(
        deck_id=deck.id,
        today=today,
        exam=exam,
        target=target,
        minutes=minutes,
        seconds_per_card=per_card,
        new_cards=newcomer,
        now=now_score,
        without_plan=without_score,
        with_plan=with_score,
        topics=tuple(topics),
        days=tuple(
            PlanDay(today + timedelta(days=d), tuple(r), tuple(n), (len(r) + len(n)) * per_card)
            for d, (r, n) in enumerate(days)
        ),
        cards=tuple(outlooks),
        trajectory=(*points, ScorePoint(exam, without_score.mean, with_score.mean)) if trajectory else (),
    )


def _clip(share: float) -> float:
    return min(1.0, max(0.0, share))


def _replay(
    days: list[tuple[list[str], list[str]]],
    start: dict[str, _Mixture],
    memory: _Memory,
    p_new: float,
    shift: float,
    exam_day: float,
) -> dict[str, float]:
    """Card id -> recall at the exam after the plan's `days`, replayed by another `memory`, new cards
    right first time with `p_new` and each card's chance after a miss moved by `shift`."""
    mixtures = {
        card_id: _Mixture(
            memory, list(m.branches), relearn=None if m.relearn is None else _clip(m.relearn + shift)
        )
        for card_id, m in start.items()
    }
    for d, (reviews, new) in enumerate(days):
        for card_id in reviews:
            mixtures[card_id].review(d)
        for card_id in new:
            mixtures[card_id] = _Mixture.introduced(memory, p_new, d)
    return {card_id: m.recall(exam_day) for card_id, m in mixtures.items()}


def _plan(
    order: list[str],
    mixtures: dict[str, _Mixture],
    memory: _Memory,
    span: int,
    exam_day: float,
    target: float,
    p_new: float,
    capacity: int,
    curve_days: set[int],
) -> tuple[list[tuple[list[str], list[str]]], dict[int, float]]:
    """Fill `mixtures` (card id -> branches) by the plan over days 0..span-1.

    Returns per day (reviews, new cards), and for each of `curve_days` the mean recall that morning.
    """

    at_exam: dict[str, float] = {}  # card id -> expected recall at the exam, kept current

    last_week = max(0, span - LAST_REVIEW_DAYS)

    def next_day(card_id: str, after: int) -> int | None:
        """The next day to review: when recall falls below target, or the last day if the exam needs it.

        A card on target gets one more review in the last week, if it has not had one there yet.
        """
        mixture = mixtures[card_id]
        at_exam[card_id] = mixture.recall(exam_day)
        if at_exam[card_id] >= target:
            return last_week if after < last_week else None
        low, high = after + 1, span - 1
        if low > high:
            return None
        if mixture.recall(high) >= target:
            return high  # recall holds until the eve, not to the exam: review on the last day
        while low < high:  # recall only falls with time: the first day below target
            middle = (low + high) // 2
            if mixture.recall(middle) < target:
                high = middle
            else:
                low = middle + 1
        return low

    due: dict[str, int] = {}

    def review(card_ids: list[str], d: int) -> None:
        for card_id in card_ids:
            mixtures[card_id].review(d)
            following = next_day(card_id, d)
            if following is None:
                del due[card_id]
            else:
                due[card_id] = following

    for card_id in mixtures:
        day = next_day(card_id, -1)
        if day is not None:
            due[card_id] = day
    unseen = [card_id for card_id in order if card_id not in mixtures]
    # new cards stop two days before the exam unless there is room: they need a review after
    introduce_until = max(1, span - 2)
    days: list[tuple[list[str], list[str]]] = []
    curve: dict[int, float] = {}
    for d in range(span):
        if d in curve_days:
            curve[d] = (sum(m.recall(d) for m in mixtures.values()) + len(unseen) * p_new) / max(
                1, len(order)
            )
        waiting = sorted((at_exam[card_id], card_id) for card_id, day in due.items() if day <= d)
        # first the cards under target, then new ones, then last-week reviews of cards on target
        needed = [card_id for recall, card_id in waiting if recall < target][:capacity]
        review(needed, d)
        room = capacity - len(needed)
        # evenly over the days left, or faster while a quarter of the day's room allows: a new card
        # needs about three more reviews before the exam
        spread = math.ceil(len(unseen) / max(1, introduce_until - d)) if d < introduce_until else len(unseen)
        quota = max(spread, capacity // NEW_SHARE_OF_DAY)
        new = unseen[: min(room, quota)]
        del unseen[: len(new)]
        for card_id in new:
            mixtures[card_id] = _Mixture.introduced(memory, p_new, d)
            following = next_day(card_id, d)
            if following is not None:
                due[card_id] = following
        room -= len(new)
        on_target = [card_id for recall, card_id in waiting if recall >= target][:room]
        review(on_target, d)
        days.append((needed + on_target, new))
    return days, curve


def readiness_for(
    store: ProgressStore,
    deck: Deck,
    now: datetime,
    *,
    minutes: float = DEFAULT_MINUTES,
    tz: tzinfo | None = None,
    trajectory: bool = False,
) -> Readiness | None:
    """The deck's readiness from the store (what screens call); None if no exam date is set, it has
    passed, or it is more than `MAX_DAYS_AHEAD` days away (a stored date the date box would refuse)."""
    exam = exam_date(store, deck.id)
    today = now.astimezone(tz).date()
    if exam is None or exam < today or days_left(today, exam) > MAX_DAYS_AHEAD:
        return None
    return assess_readiness(
        deck, store.all_question_stats(deck.id), exam, now, minutes=minutes, tz=tz, trajectory=trajectory
    )


# -- when the target cannot be met ------------------------------------------------------


def minutes_needed(
    deck: Deck,
    stats: Mapping[str, QuestionStats],
    exam: date,
    now: datetime,
    *,
    target: float = DEFAULT_TARGET,
    tz: tzinfo | None = None,
) -> int | None:
    """The fewest whole minutes a day whose plan reaches `target`; None if not even `MAX_MINUTES_SEARCHED`."""

    def met(minutes: int) -> bool:
        return assess_readiness(deck, stats, exam, now, minutes=minutes, target=target, tz=tz).target_met

    if not met(MAX_MINUTES_SEARCHED):
        return None
    low, high = 1, MAX_MINUTES_SEARCHED
    while low < high:
        middle = (low + high) // 2
        if met(middle):
            high = middle
        else:
            low = middle + 1
    return low


def topics_to_defer(
    readiness: Readiness,
    deck: Deck,
    stats: Mapping[str, QuestionStats],
    now: datetime,
    tz: tzinfo | None = None,
) -> list[str]:
    """Topics to leave to a later pass so the rest reaches the target in the same minutes.

    Greedy: drop the topic with the lowest predicted score with the plan, re-plan the rest, repeat;
    empty if the target is met already or cannot be met even with one topic left.
    """
    if readiness.target_met:
        return []
    kept = [t.name for t in readiness.topics]
    dropped: list[str] = []
    current = readiness
    while len(kept) > 1:
        weakest = min(current.topics, key=lambda t: (t.with_plan.mean, t.name)).name
        kept.remove(weakest)
        dropped.append(weakest)
        ids = [card_id for name in kept for card_id in deck.topic(name).card_ids]
        current = assess_readiness(
            deck,
            stats,
            readiness.exam,
            now,
            minutes=readiness.minutes,
            target=readiness.target,
            tz=tz,
            card_ids=ids,
        )
        if current.target_met:
            return dropped
    return []


# -- cram -------------------------------------------------------------------------------


def cram_cards(readiness: Readiness, minutes: float) -> list[str]:
    """Cards for a cram of `minutes`: lowest predicted recall at the exam moment first (doing nothing).

    Cram answers are to be recorded without touching fsrs schedules (the store's job); as many
    cards as fit at the student's seconds per card, at least one if the deck has any.
    """
    ranked = sorted(readiness.cards, key=lambda o: (o.without_plan, o.card_id))
    fit = max(1, int(minutes * 60 // readiness.seconds_per_card))
    return [o.card_id for o in ranked[:fit]]

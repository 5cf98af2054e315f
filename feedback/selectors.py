"""Reads of feedback shared by the public API, the Admin API and the dashboard.

The idea board's reads (issue 20) come after the private threads': the public board with
its orders, filters and search, one idea with its comments, a visitor's votes, similar
feedback (duplicates), and the team's board view.
"""

import re
from itertools import chain

from django.db import connection
from django.db.models import Count, Prefetch, Q

from pulse.api.caching import invalidate_public_cache

from .models import (
    FEEDBACK_STATUS_OF_IDEA,
    ON_BOARD,
    Feedback,
    FeedbackMessage,
    IdeaComment,
    IdeaVote,
    Moderation,
)


def visitor_feedback(*, project_id, visitor_id):
    """A visitor's own feedback in a project, newest first."""
    return Feedback.objects.filter(project_id=project_id, user_id=visitor_id).order_by("-created_at", "-id")


def visitor_feedback_with_public_thread(*, project_id, visitor_id):
    """A visitor's own feedback, each with `public_messages` (oldest first): never a note."""
    public = FeedbackMessage.objects.filter(is_public=True).order_by("created_at", "id")
    return visitor_feedback(project_id=project_id, visitor_id=visitor_id).prefetch_related(
        Prefetch("messages", queryset=public, to_attr="public_messages")
    )


def inbox(*, project_id, status=None, category=None, priority=None, q=None):
    """The team's feedback, newest first, filtered (empty filters are ignored)."""
    queryset = Feedback.objects.filter(project_id=project_id)
    filters = {"status": status, "category": category, "priority": priority}
    queryset = queryset.filter(**{field: value for field, value in filters.items() if value})
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(email__icontains=q))
    return queryset.order_by("-created_at", "-id")


def with_message_count(queryset):
    """Each feedback with `message_count` (notes included). Apply after counting rows."""
    return queryset.annotate(message_count=Count("messages"))


def feedback_with_thread(*, project_id):
    """The team's view of feedback: every message, internal notes included, oldest first."""
    thread = FeedbackMessage.objects.order_by("created_at", "id")
    return with_message_count(Feedback.objects.filter(project_id=project_id)).prefetch_related(
        Prefetch("messages", queryset=thread)
    )


# The idea board (issue 20).

PUBLIC_CACHE_RESOURCE = "ideas"  # the key of the board in the core's public cache (pages, lists)


def forget_cached_board(*, project_id):
    """Drop the project's cached board lists and pages (counts and order are in them)."""
    invalidate_public_cache(resource=PUBLIC_CACHE_RESOURCE, project_id=project_id)


def idea_vote_changed(vote):
    """The vote counter's `on_change` for idea votes: the board shows the counts."""
    forget_cached_board(project_id=vote.idea.project_id)


BOARD_SORTS = {
    # The documented trending formula is in feedback/models.py (TRENDING_SECONDS).
    "trending": ("-trending_score", "-id"),
    "top": ("-vote_count", "-id"),
    "new": ("-published_at", "-id"),
}
SEARCH_CONFIG = "english"  # the text search configuration of the GIN index (migration 0004)
SEARCH_MAX_LENGTH = 200
SIMILARITY_THRESHOLD = 0.3  # pg_trgm's default `%` threshold; the SQLite fallback uses it too
WORD_SIMILARITY_THRESHOLD = 0.6  # pg_trgm's default `<%` threshold (word similarity), likewise
SIMILAR_MAX = 20
SQLITE_SIMILAR_POOL = 200  # candidates the SQLite fallback scores in Python


def is_postgresql():
    return connection.vendor == "postgresql"


def board_ideas(*, project_id, sort="trending", status=None, category=None, q=None):
    """The public board of a project: ideas that are public, published and not merged, in
    `sort` order ("trending", "top" or "new"; KeyError for another), optionally only those
    of one idea `status` (`IdeaStatus` value), one `category`, or matching the search `q`.

    Search (issue 20): PostgreSQL full-text search (`websearch_to_tsquery` of `q` against
    title and description, English configuration, the GIN index of migration 0004); on
    SQLite a case-insensitive substring of the title or the description. A queryset: slice
    it for a page (one query).
    """
    queryset = Feedback.objects.filter(ON_BOARD, project_id=project_id)
    if status:
        queryset = queryset.filter(status=FEEDBACK_STATUS_OF_IDEA[status])
    if category:
        queryset = queryset.filter(category=category)
    if q:
        queryset = _search(queryset, q)
    return queryset.order_by(*BOARD_SORTS[sort])


def _search(queryset, q):
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", "description", config=SEARCH_CONFIG)
        return queryset.annotate(search_document=vector).filter(
            search_document=SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        )
    return queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))


def board_idea(*, project_id, idea_id):
    """(idea, merged_from) for the idea `idea_id` of the board: a merged duplicate answers
    with the idea it was merged into (followed to the end of a chain) and itself as
    `merged_from` (its page redirects there, issue 20); else `merged_from` is None.

    Raises Feedback.DoesNotExist when the project has no such idea on the board (private,
    held, hidden or spam ones included). At most one query per merge followed.
    """
    merged_from = None
    seen = set()
    while True:
        idea = (
            Feedback.objects.filter(project_id=project_id, pk=idea_id, visibility=Feedback.Visibility.PUBLIC)
            .filter(moderation=Moderation.PUBLISHED)
            .first()
        )
        if idea is None:
            raise Feedback.DoesNotExist("Idea not found")
        if idea.merged_into_id is None:
            return idea, merged_from
        if idea.pk in seen:  # a merge cycle cannot be written (services.merge_ideas), but never loop
            raise Feedback.DoesNotExist("Idea not found")
        seen.add(idea.pk)
        merged_from = merged_from or idea
        idea_id = idea.merged_into_id


def idea_comments(*, idea_id, visitor_id=None):
    """The published comments of an idea, oldest first, threaded one level: the top-level
    comments, each with `thread_replies` (oldest first). With `visitor_id`, that visitor's
    own comments held for approval are included (they see what they wrote). One query.
    """
    visible = Q(moderation=Moderation.PUBLISHED)
    if visitor_id is not None:
        visible |= Q(moderation=Moderation.PENDING, visitor_id=visitor_id)
    comments = list(IdeaComment.objects.filter(visible, idea_id=idea_id).order_by("created_at", "id"))
    top = [comment for comment in comments if comment.parent_id is None]
    by_id = {comment.pk: comment for comment in top}
    for comment in top:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in by_id:
            by_id[comment.parent_id].thread_replies.append(comment)
    return top


def voted_idea_ids(*, idea_ids, visitor_id):
    """The ids among `idea_ids` that `visitor_id` upvoted: one query on the (idea, visitor)
    unique index, none when either is empty."""
    if not idea_ids or visitor_id is None:
        return set()
    return set(IdeaVote.objects.filter(idea_id__in=idea_ids, visitor_id=visitor_id).values_list("idea_id", flat=True))


def visitor_voted_ideas(*, project_id, visitor_id):
    """ "Ideas I voted on": the board ideas `visitor_id` upvoted, most recent vote first."""
    return Feedback.objects.filter(ON_BOARD, project_id=project_id, votes__visitor_id=visitor_id).order_by(
        "-votes__created_at", "-id"
    )


def similar_feedback(*, project, text, limit=5, exclude_id=None, among=None, typing=False):
    """Up to `limit` (at most SIMILAR_MAX) feedback items of `project` whose title is like
    `text`, most similar first, each with `similarity` (0 to 1). Any feedback, private or
    public: `among` (a Feedback queryset) narrows the candidates, e.g. to the board;
    `exclude_id` leaves one item out (the one being compared). Text without a word gives [].

    PostgreSQL: pg_trgm's trigram similarity (`TrigramSimilarity`, the `%` operator with its
    threshold, default 0.3), nearest first by trigram distance on the GiST index of migration 0004. SQLite: the
    candidates sharing a word of three letters or more with `text` (the newest
    SQLITE_SIMILAR_POOL), scored in Python with the same trigram similarity.

    `typing=True` (a visitor typing a title, so "dark mod" should find "Dark mode for the
    dashboard"): pg_trgm's word similarity instead (`TrigramWordSimilarity`, how well `text`
    matches the best stretch of the title; the `<%` operator with its threshold, default
    0.6, nearest first by `<<->` on the same GiST index). SQLite: the share of `text`'s
    trigrams found in the title, with the same 0.6.
    """
    text = (text or "").strip()[:SEARCH_MAX_LENGTH]
    limit = max(0, min(limit, SIMILAR_MAX))
    words = _words(text)
    if not words or not limit:
        return []
    candidates = (among if among is not None else Feedback.objects.all()).filter(project_id=project.pk)
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    if is_postgresql() and typing:
        from django.contrib.postgres.lookups import TrigramWordSimilar
        from django.contrib.postgres.search import TrigramWordDistance, TrigramWordSimilarity
        from django.db.models import F, Value

        # `title %> text` is `text <% title`; nearest first by `text <<-> title`.
        return list(
            candidates.filter(TrigramWordSimilar(F("title"), Value(text)))
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .order_by(TrigramWordDistance(text, "title"))[:limit]
        )
    if is_postgresql():
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity
        from django.db.models import F, Value

        # Nearest first (`<->`, distance = 1 - similarity) straight from the GiST index.
        return list(
            candidates.filter(TrigramSimilar(F("title"), Value(text)))
            .annotate(similarity=TrigramSimilarity("title", text))
            .order_by(TrigramDistance("title", text))[:limit]
        )
    matching = Q()
    for word in words[:8]:
        matching |= Q(title__icontains=word)
    pool = list(candidates.filter(matching).order_by("-created_at")[:SQLITE_SIMILAR_POOL])
    wanted = trigrams(text)
    score, threshold = (
        (word_trigram_similarity, WORD_SIMILARITY_THRESHOLD) if typing else (trigram_similarity, SIMILARITY_THRESHOLD)
    )
    for item in pool:
        item.similarity = score(wanted, trigrams(item.title))
    scored = [item for item in pool if item.similarity >= threshold]
    scored.sort(key=lambda item: -item.similarity)
    return scored[:limit]


def _words(text):
    return [word for word in re.findall(r"\w+", text.lower()) if len(word) >= 3]


def trigrams(text):
    """pg_trgm's trigrams of `text`: each lower-case word padded with two spaces in front and
    one behind, cut in threes (so "cat" gives "  c", " ca", "cat", "at ")."""
    return set(
        chain.from_iterable(
            (padded[i : i + 3] for i in range(len(padded) - 2))
            for padded in (f"  {word} " for word in re.findall(r"[^\W_]+", text.lower()))
        )
    )


def trigram_similarity(a, b):
    """pg_trgm's `similarity`: shared trigrams over all trigrams of the two sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def word_trigram_similarity(typed, title):
    """The SQLite stand-in for pg_trgm's `word_similarity`: the share of the typed text's
    trigrams found in the title's (cheaper than pg_trgm's best stretch, same scale)."""
    if not typed or not title:
        return 0.0
    return len(typed & title) / len(typed)


def similar_ideas(*, project, text, limit=5):
    """Board ideas whose title is like `text` (a visitor typing a new idea's title, so word
    similarity: a half-typed title finds the whole one)."""
    return similar_feedback(
        project=project, text=text, limit=limit, among=Feedback.objects.filter(ON_BOARD), typing=True
    )


def board_admin_ideas(*, project_id, moderation=None, status=None, category=None, q=None):
    """The team's board view: every public item of the project (held, hidden, spam and
    merged ones too), newest first, filtered by `moderation`, idea `status`, `category`
    and a case-insensitive `q` in title or description."""
    queryset = Feedback.objects.filter(project_id=project_id, visibility=Feedback.Visibility.PUBLIC)
    if moderation:
        queryset = queryset.filter(moderation=moderation)
    if status:
        queryset = queryset.filter(status=FEEDBACK_STATUS_OF_IDEA[status])
    if category:
        queryset = queryset.filter(category=category)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return queryset.order_by("-created_at", "-id")


def admin_idea_comments(*, idea_id):
    """Every comment of an idea, whatever its moderation, oldest first (the team's view)."""
    return IdeaComment.objects.filter(idea_id=idea_id).order_by("created_at", "id")


def idea_follower_ids(*, idea_id):
    """The visitors following an idea: its author, its voters and its visitor commenters
    (distinct, in no order). A queryset of UUIDs, for `.iterator()` in batches."""
    author = Feedback.objects.filter(pk=idea_id, user_id__isnull=False).values_list("user_id", flat=True)
    voters = IdeaVote.objects.filter(idea_id=idea_id).values_list("visitor_id", flat=True)
    commenters = IdeaComment.objects.filter(idea_id=idea_id, visitor_id__isnull=False).values_list(
        "visitor_id", flat=True
    )
    return author.order_by().union(voters.order_by(), commenters.order_by())


# Possible duplicates for the team (issue 23).

POSSIBLE_DUPLICATES = 5


def possible_duplicates(*, project, feedback, limit=POSSIBLE_DUPLICATES):
    """The team's "possible duplicates" of `feedback` (an item or idea of `project`): up to
    `limit` other items of the project, not merged away, most similar first, each with
    `similarity` (0 to 1) and `ranked_by` ("embeddings" or "trigrams").

    With vectors (`pulse.embeddings.available`: the project's AI on and an embeddings
    provider) and `feedback`'s vector stored for its current text: the project's vectors by
    cosine similarity (PULSE_AI_SIMILARITY_THRESHOLD and up), read from the database only,
    so the page never waits for the AI server. Otherwise, or while the job has not stored
    the vector yet (feedback/duplicates.py): `similar_feedback` on the title, the database's
    trigram similarity.

    The AI switch: off means no vector is written or read and no text is sent. The trigram
    suggestions stay: they are the database's own text similarity, computed on this server,
    not an AI feature, and a team with AI off still wants to see its duplicates.
    """
    from pulse import embeddings
    from pulse.ai import get_provider
    from pulse.models import Embedding

    from .duplicates import KIND, embedding_text

    among = Feedback.objects.filter(merged_into__isnull=True)
    provider = get_provider()
    if embeddings.available(project, provider):
        model = provider.embedding_model
        stored = (
            Embedding.objects.filter(project=project, kind=KIND, object_id=feedback.pk, model=model)
            .values_list("vector", "digest")
            .first()
        )
        if stored and stored[1] == embeddings.digest(model, embedding_text(feedback)):
            # Over-fetch: vectors of merged or deleted items are dropped below.
            ranked = embeddings.nearest(
                project=project,
                kind=KIND,
                vector=embeddings.unpack(stored[0]),
                limit=2 * limit + 5,
                exclude_ids=[feedback.pk],
                provider=provider,
            )
            items = among.filter(project_id=project.pk).in_bulk([pk for pk, _ in ranked])
            found = []
            for pk, similarity in ranked:
                if pk in items:
                    items[pk].similarity, items[pk].ranked_by = similarity, "embeddings"
                    found.append(items[pk])
            return found[:limit]
    found = similar_feedback(project=project, text=feedback.title, limit=limit, exclude_id=feedback.pk, among=among)
    for item in found:
        item.ranked_by = "trigrams"
    return found

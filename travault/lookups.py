"""Query lookups the ORM lacks."""

from django.db.models.lookups import In


class AnyOf(In):
    """``column IN (subquery)``, written ``column = ANY(ARRAY(subquery))`` on PostgreSQL: the subquery
    runs once and its ids become an index condition, so ``AnyOf`` ORed with a trigram match lets
    the planner combine indexes instead of joining and filtering every row."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)

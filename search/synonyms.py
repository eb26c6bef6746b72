"""PLACEHOLDER for the wt/log branch only: the real module is written by another helper and kept
by the lead at merge. Only the one function the search report calls, with its exact signature."""

from django.core.exceptions import ValidationError

from .models import Synonym


def add_synonym(term, expansion, user):
    """Add `expansion` to the everyday word `term`'s expansions (creating the row); the Synonym."""
    term, expansion = (term or "").strip(), (expansion or "").strip()
    if not term or not expansion:
        raise ValidationError("请填写群众用语和规范用语。")
    if len(term) > Synonym._meta.get_field("term").max_length:
        raise ValidationError("群众用语过长。")
    synonym, _ = Synonym.objects.get_or_create(term=term, defaults={"expansions": "", "updated_by": user})
    lines = [line for line in synonym.expansions.splitlines() if line.strip()]
    if expansion not in lines:
        lines.append(expansion)
    synonym.expansions, synonym.updated_by = "\n".join(lines), user
    synonym.save()
    return synonym

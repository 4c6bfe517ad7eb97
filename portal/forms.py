from django import forms
from django.utils.translation import gettext_lazy as _

from learners.models import OverrideAction, Skill


class PlanOverrideForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=OverrideAction.choices)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))
    position = forms.IntegerField(label=_("Position (1 = first)"), min_value=1, max_value=100, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.TextInput(
        attrs={"placeholder": _("e.g. test on Friday, done in class")}))

    def clean_position(self):
        position = self.cleaned_data.get("position")
        return None if position is None else position - 1


class OverviewFilterForm(forms.Form):
    SORTS = [("name", _("name")), ("mastery", _("mastery, weakest first")), ("status", _("status, at risk first"))]
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    skills = forms.ModelMultipleChoiceField(label=_("Skills"), queryset=Skill.objects.none(), required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, skills, cohorts: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(pk__in=[s.pk for s in skills]).order_by("name")
        self.fields["cohort"].choices = [("", _("all"))] + [(c, _("Cohort %(n)s") % {"n": c + 1}) for c in cohorts]


class PrerequisiteForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=[("add", _("needs first")), ("remove", _("no longer needs"))])
    prerequisite = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))

    def __init__(self, *args, skill: Skill, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prerequisite"].queryset = Skill.objects.exclude(pk=skill.pk).order_by("name")

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

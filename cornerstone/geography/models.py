"""Reference geography of England and Wales: Prevent regions, police force areas and local
authorities. Loaded as data (see ``data/`` and the migrations); organisations, people's
addresses and statistics all refer to it."""

from __future__ import annotations

from django.db import models


class PreventRegion(models.Model):
    """A Prevent region. These group areas differently from ONS regions (for example the North
    East with Yorkshire and the Humber, and Wales as one region), so they are data of their own."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoliceForceArea(models.Model):
    """One of the 43 territorial police force areas of England and Wales."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    prevent_region = models.ForeignKey(
        PreventRegion, on_delete=models.PROTECT, related_name="police_force_areas"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """A current lower-tier or unitary local authority in England or Wales: the level at which
    a Channel panel sits."""

    gss_code = models.CharField(max_length=9, unique=True)
    code = models.CharField(max_length=4, unique=True, help_text="Register code, e.g. BIR.")
    name = models.CharField(max_length=150)
    nation = models.CharField(max_length=20)
    ons_region = models.CharField(max_length=60)
    prevent_region = models.ForeignKey(
        PreventRegion, on_delete=models.PROTECT, related_name="local_authorities"
    )
    police_force_area = models.ForeignKey(
        PoliceForceArea, on_delete=models.PROTECT, related_name="local_authorities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

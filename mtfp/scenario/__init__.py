"""The scenario file: a pydantic schema, a safe and strict loader with `extends`, atomic save.

- `params`: what every number is (value, unit, allowed range, source or 'illustrative').
- `schema`: the sections of a scenario (funding, precept, workforce, non-pay, savings,
  reserves, uncertainty) and the rules that span fields.
- `paths`: the one walker of field paths (get, set, iterate).
- `files`: reading YAML safely and strictly, `extends` overlays, error messages, saving.
"""
from mtfp.scenario.files import (
    dumps_scenario,
    format_validation_error,
    load_raw,
    load_scenario,
    loads_scenario,
    merge,
    read_text,
    read_yaml,
    save_scenario,
    validate,
)
from mtfp.scenario.params import (
    MAX_PROJECTED_YEARS,
    SCHEMA_VERSION,
    Distribution,
    Param,
    ScenarioError,
    Source,
    Strict,
    YearValues,
    param,
)
from mtfp.scenario.paths import (
    field_value,
    get_at,
    get_param,
    iter_params,
    owner_name,
    set_at,
    set_value,
    with_value,
    with_values,
)
from mtfp.scenario.schema import (
    Change,
    Collaboration,
    EarmarkedReserve,
    Funding,
    GrantLine,
    GrowthItem,
    NonPay,
    NonPayLine,
    OtherIncome,
    Precept,
    Productivity,
    Reserves,
    Savings,
    SavingsItem,
    Scenario,
    SpecificGrant,
    SpendingReview,
    Uncertainty,
    Workforce,
    WorkforceGroup,
    cross_check,
)

__all__ = [
    "Change", "Collaboration", "Distribution", "EarmarkedReserve", "Funding", "GrantLine", "GrowthItem",
    "MAX_PROJECTED_YEARS", "NonPay", "NonPayLine", "OtherIncome", "Param", "Precept", "Productivity", "Reserves",
    "SCHEMA_VERSION", "Savings", "SavingsItem", "Scenario", "ScenarioError", "Source", "SpecificGrant",
    "SpendingReview", "Strict", "Uncertainty", "Workforce", "WorkforceGroup", "YearValues", "cross_check",
    "dumps_scenario", "field_value", "get_at", "owner_name", "set_at", "set_value", "with_values", "format_validation_error", "get_param", "iter_params", "load_raw", "load_scenario",
    "loads_scenario", "merge", "param", "read_text", "read_yaml", "save_scenario", "validate", "with_value",
]

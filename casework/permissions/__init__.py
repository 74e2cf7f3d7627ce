"""The one permission door: "may this user do this to this object".

Role permissions are data (`roles.py`, and the step permissions in workflow/procedures/permissions.py);
the scope of each role is casework/scoping.py's; `door.py` combines them. Views, jobs and templates ask
here, before anything is queued or written, and nowhere else (tests/test_permissions_door.py).
"""

from casework.permissions.door import (
    UPPER_PROCEDURE,
    UPPER_REPLY_TRIGGERS,
    NotPermitted,
    acting_role,
    first_village,
    holds_role_in_unit,
    holds_step,
    is_signer,
    may,
    may_act_on_posting,
    may_countersign,
    may_fire,
    may_fire_any,
    may_log_request,
    may_open_campaign,
    may_post,
    may_record_upper_reply,
    may_sign,
    may_take_run_step,
    may_take_upper_step,
    may_use_inbox,
    refuse_unless,
    require_fire,
    require_step,
    roles_in,
    step_role,
)
from casework.permissions.roles import ROLE_PERMISSIONS, Permission, permissions_of

__all__ = [
    "ROLE_PERMISSIONS",
    "UPPER_PROCEDURE",
    "UPPER_REPLY_TRIGGERS",
    "NotPermitted",
    "Permission",
    "acting_role",
    "first_village",
    "holds_role_in_unit",
    "holds_step",
    "is_signer",
    "may",
    "may_act_on_posting",
    "may_countersign",
    "may_fire",
    "may_fire_any",
    "may_log_request",
    "may_open_campaign",
    "may_post",
    "may_record_upper_reply",
    "may_sign",
    "may_take_run_step",
    "may_take_upper_step",
    "may_use_inbox",
    "permissions_of",
    "refuse_unless",
    "require_fire",
    "require_step",
    "roles_in",
    "step_role",
]

"""Who may read the security log (city staff) and who may act on accounts (city administrators
who may change users: unlock, reset two factors, hand over)."""

from assurance.scope import oversees_cluster


def may_read_security_log(user):
    return user.is_active and oversees_cluster(user)


def may_manage_accounts(user):
    return may_read_security_log(user) and user.has_perm("auth.change_user")

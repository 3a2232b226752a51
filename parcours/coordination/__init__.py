"""Coordination across partners: the service directory (Open Referral HSDS),
closed-loop referrals, notifications, care teams, appointments, institution
stays and discharge planning, the ACT daily board and the coverage roster."""

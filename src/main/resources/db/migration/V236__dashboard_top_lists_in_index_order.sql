-- The 驾驶舱's two lists of 20 read in the order they show (ADR 0037): a province's open 重大隐患, overdue first and then
-- by deadline, and its red risk points by id, walk these indexes and stop at the twentieth row whose enterprise is in
-- scope, instead of sorting every major hazard or red point of the province. The predicates are the lists' own.
create index hazard_major_open_order_idx on hazard (overdue desc, (coalesce(extension_deadline, deadline)), id)
    where level = 'MAJOR' and state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION');
create index risk_point_major_idx on risk_point (id) where level = 1;

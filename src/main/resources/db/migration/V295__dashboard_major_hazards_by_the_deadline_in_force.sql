-- The 驾驶舱's and the 大屏's open 重大隐患 are ordered and shown by the 整改期限 in force. V236 ordered them by
-- coalesce(extension_deadline, deadline), but extension_deadline holds only a requested, undecided extension (an
-- approval moves it into deadline and clears it): a request showed as the deadline before anyone granted it.
drop index hazard_major_open_order_idx;
create index hazard_major_open_order_idx on hazard (overdue desc, deadline, id)
    where level = 'MAJOR' and state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION');

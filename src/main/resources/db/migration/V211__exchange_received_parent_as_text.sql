-- A received 风险分析单元 names its parent by the object's 风险分析对象编码 (up to 50 characters in the model), not by a
-- UUID: char(36) refused a legitimate batch whole ("超过了允许的长度"). The column holds either, so it is text.
alter table exchange_received alter column parent_uuid type text;

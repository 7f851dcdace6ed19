-- The start of the period that contains the moment, in the platform's zone (shuangkong.time-zone) rather than a
-- zone written into the function: the scheduler passes the zone of its clock, as cn.shuangkong.inspection.Cycle uses it.
-- The same arithmetic as V22's three-argument function, which stays for Beijing time.
create function inspection_period_start(at timestamptz, every numeric, unit varchar, tz text) returns timestamp
language plpgsql immutable as $$
declare
    l      timestamp := at at time zone tz;
    mins   bigint;
    since  bigint;
    w      bigint;
    monday date;
    weeks  bigint;
    months int;
    idx    int;
    st     int;
begin
    if unit in ('HOUR', 'SHIFT', 'DAY') then
        mins := greatest(1, trunc(every * case unit when 'HOUR' then 60 when 'SHIFT' then 480 else 1440 end));
        if 1440 % mins = 0 then
            since := trunc(extract(epoch from l - date_trunc('day', l)) / 60);
            return date_trunc('day', l) + make_interval(mins => (since - since % mins)::int);
        end if;
        -- longer than a day (every 2 days, say): whole periods counted from a fixed Monday
        since := trunc(extract(epoch from l - timestamp '2024-01-01') / 60);
        return timestamp '2024-01-01' + make_interval(mins => (floor(since::numeric / mins) * mins)::int);
    elsif unit = 'WEEK' then
        w := greatest(1, trunc(every));
        monday := date_trunc('week', l)::date;
        weeks := (monday - date '2024-01-01') / 7;
        return (monday - (((weeks % w) + w) % w * 7)::int)::timestamp;
    else
        months := greatest(1, trunc(every))::int * case unit when 'MONTH' then 1 when 'QUARTER' then 3 else 12 end;
        idx := extract(year from l)::int * 12 + extract(month from l)::int - 1;
        st := idx - ((idx % months) + months) % months;
        return make_timestamp(st / 12, st % 12 + 1, 1, 0, 0, 0);
    end if;
end $$;

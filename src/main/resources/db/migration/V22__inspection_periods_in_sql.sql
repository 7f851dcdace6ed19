-- 排查周期 in SQL, so that the scheduler generates every measure's missing periods in one INSERT … SELECT.
-- The same arithmetic as cn.shuangkong.inspection.Cycle (Beijing time, calendar-aligned; CycleSqlTest keeps them equal).

-- The length of one period: N hours / shifts / days in minutes, N weeks, N months, 3N months, N years.
create function inspection_step(every numeric, unit varchar) returns interval language sql immutable as $$
    select case unit
        when 'HOUR'    then make_interval(mins => greatest(1, trunc(every * 60))::int)
        when 'SHIFT'   then make_interval(mins => greatest(1, trunc(every * 480))::int)
        when 'DAY'     then make_interval(mins => greatest(1, trunc(every * 1440))::int)
        when 'WEEK'    then make_interval(weeks => greatest(1, trunc(every))::int)
        when 'MONTH'   then make_interval(months => greatest(1, trunc(every))::int)
        when 'QUARTER' then make_interval(months => 3 * greatest(1, trunc(every))::int)
        else make_interval(years => greatest(1, trunc(every))::int)
    end
$$;

-- The start (Beijing local time) of the period that contains the moment.
create function inspection_period_start(at timestamptz, every numeric, unit varchar) returns timestamp
language plpgsql immutable as $$
declare
    l      timestamp := at at time zone 'Asia/Shanghai';
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

package cn.shuangkong.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the total number of matching rows, as the API and the pages show them. */
public record PageResult<T>(List<T> items, long total, int page, int size) {

    public int pages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    /** The page numbers a pager shows: up to three either side of the current page. */
    public List<Integer> window() {
        int from = Math.max(1, page - 3), to = Math.min(pages(), page + 3);
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }

    public <R> PageResult<R> map(Function<T, R> mapper) {
        return new PageResult<>(items.stream().map(mapper).toList(), total, page, size);
    }

    /** Page numbers start at 1; size is capped so that no request can ask for a whole province at once. */
    public record Request(int page, int size) {
        public Request {
            page = Math.max(page, 1);
            size = size <= 0 ? 20 : Math.min(size, 200);
        }

        public int offset() {
            return (page - 1) * size;
        }
    }
}

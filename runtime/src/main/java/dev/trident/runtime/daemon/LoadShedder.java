package dev.trident.runtime.daemon;

import dev.trident.runtime.config.ShedRule;
import dev.trident.runtime.engine.HeadSchedule;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps pipeline latency within the device config's budget by slowing optional heads down.
 * Each {@link #check} looks at the configured percentile of the latencies published since the
 * previous check: above the budget, the next head in the shed list is slowed to its shed rate
 * (one step per check); below {@code restoreBelow × budget}, the most recently shed head goes back
 * to the rate it had (hysteresis: between the two thresholds nothing changes). Every step is logged
 * and counted in the metrics ({@code trident_shed_events_total}, {@code trident_shed_level},
 * {@code trident_head_every}).
 *
 * <p>Threading: {@link #check} runs on one control thread (the daemon's scheduler); it changes the
 * engine's {@link HeadSchedule}, which is thread-safe and applies from the next frame.
 */
public final class LoadShedder {
    private static final Logger LOG = LoggerFactory.getLogger(LoadShedder.class);

    private final HeadSchedule schedule;
    private final List<ShedRule> rules;
    private final int[] restoreTo;
    private final double budgetNanos;
    private final double percentile;
    private final double restoreBelow;
    private final LatencyWindow window;
    private final PipelineMetrics metrics;
    private long lastCheckNanos;
    private int level;

    /**
     * @param rules shed rules; those naming heads the model lacks are dropped (logged), as are heads
     *              switched off by the config
     */
    public LoadShedder(HeadSchedule schedule, List<ShedRule> rules, double budgetMs, double percentile, double restoreBelow,
                       LatencyWindow window, PipelineMetrics metrics, long startNanos) {
        this.schedule = schedule;
        List<ShedRule> usable = new ArrayList<>();
        for (ShedRule r : rules) {
            if (!schedule.heads().contains(r.head())) {
                LOG.info("latency budget: the model has no head '{}' to shed; its heads are {}", r.head(), schedule.heads());
            } else if (schedule.every(r.head()) == 0) {
                LOG.info("latency budget: head '{}' is switched off in the config; nothing to shed", r.head());
            } else if (schedule.every(r.head()) >= r.every()) {
                LOG.info("latency budget: head '{}' already runs every {} frames, not faster than its shed rate {}", r.head(),
                        schedule.every(r.head()), r.every());
            } else {
                usable.add(r);
            }
        }
        this.rules = List.copyOf(usable);
        this.restoreTo = new int[usable.size()];
        this.budgetNanos = budgetMs * 1e6;
        this.percentile = percentile;
        this.restoreBelow = restoreBelow;
        this.window = window;
        this.metrics = metrics;
        this.lastCheckNanos = startNanos;
    }

    /** One budget check over the latencies since the previous check. */
    public void check(long nowNanos) {
        long since = lastCheckNanos;
        lastCheckNanos = nowNanos;
        if (budgetNanos <= 0 || rules.isEmpty()) {
            return;
        }
        double p = window.percentileNanos(percentile, since);
        if (Double.isNaN(p)) {
            return; // no frames: nothing to judge
        }
        if (p > budgetNanos && level < rules.size()) {
            ShedRule r = rules.get(level);
            restoreTo[level] = schedule.every(r.head());
            schedule.setEvery(r.head(), r.every());
            level++;
            metrics.shedEvent(r.head(), true, level);
            LOG.warn("latency p{} {} ms over the {} ms budget: head '{}' now runs every {} frames (shed level {})", fmt(percentile),
                    ms(p), ms(budgetNanos), r.head(), r.every(), level);
        } else if (p < restoreBelow * budgetNanos && level > 0) {
            level--;
            ShedRule r = rules.get(level);
            schedule.setEvery(r.head(), restoreTo[level]);
            metrics.shedEvent(r.head(), false, level);
            LOG.info("latency p{} {} ms back under {} ms: head '{}' restored to every {} frames (shed level {})", fmt(percentile),
                    ms(p), ms(restoreBelow * budgetNanos), r.head(), restoreTo[level], level);
        }
    }

    /** Heads currently shed. */
    public int level() {
        return level;
    }

    /** The rules in effect (heads present and running). */
    public List<ShedRule> rules() {
        return rules;
    }

    private static String ms(double nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Graph.Tests
{
    public sealed class RateLimiterTests
    {
        /// <summary>Virtual time: waiting moves the clock forward at once.</summary>
        private sealed class VirtualClock : IWaitClock
        {
            public TimeSpan Now { get; set; }

            public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
            {
                Now += delay;
                return Task.CompletedTask;
            }
        }

        [Fact]
        public async Task The_sixth_request_waits_until_the_first_leaves_the_window()
        {
            var clock = new VirtualClock();
            var limiter = new SlidingWindowRateLimiter(5, TimeSpan.FromSeconds(10), clock);
            for (var i = 0; i < 5; i++)
            {
                clock.Now = TimeSpan.FromSeconds(i);
                (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            }
            // first response at 0 s + 10 s
            Assert.Equal(TimeSpan.FromSeconds(6), limiter.DelayAt(TimeSpan.FromSeconds(4)));
            Assert.Equal(TimeSpan.Zero, limiter.DelayAt(TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public async Task A_burst_never_puts_more_than_the_limit_in_any_window()
        {
            var clock = new VirtualClock();
            var limiter = new SlidingWindowRateLimiter(5, TimeSpan.FromSeconds(10), clock);
            var waits = new List<TimeSpan>();
            limiter.Waiting = waits.Add;
            var grants = new List<TimeSpan>();
            for (var i = 0; i < 23; i++)
            {
                using (await limiter.AcquireAsync(CancellationToken.None))
                    grants.Add(clock.Now);
            }
            for (var i = 5; i < grants.Count; i++)
                Assert.True(grants[i] - grants[i - 5] >= TimeSpan.FromSeconds(10));
            Assert.Equal(TimeSpan.FromSeconds(40), grants.Last()); // 23 requests: 5 per 10 s, no time wasted either
            Assert.Equal(4, waits.Count);
        }

        [Fact]
        public async Task A_slow_response_moves_its_window()
        {
            var clock = new VirtualClock();
            var limiter = new SlidingWindowRateLimiter(1, TimeSpan.FromSeconds(1), clock);
            var lease = await limiter.AcquireAsync(CancellationToken.None);
            clock.Now = TimeSpan.FromSeconds(3);
            Assert.Equal(TimeSpan.FromSeconds(1), limiter.DelayAt(clock.Now)); // still in flight: a whole window
            lease.Dispose(); // the response came at 3 s
            Assert.Equal(TimeSpan.FromSeconds(1), limiter.DelayAt(clock.Now));
            Assert.Equal(TimeSpan.Zero, limiter.DelayAt(TimeSpan.FromSeconds(4)));
        }

        [Fact]
        public async Task Waiting_for_a_permit_stops_when_cancelled()
        {
            var limiter = new SlidingWindowRateLimiter(1, TimeSpan.FromMinutes(10));
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(cancel.Token));
        }
    }
}

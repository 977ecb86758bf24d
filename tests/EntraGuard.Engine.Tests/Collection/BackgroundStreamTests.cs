using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Tests.Collection
{
    public sealed class BackgroundStreamTests
    {
        [Fact]
        public void Items_arrive_in_order_on_the_consuming_thread()
        {
            var consumer = Environment.CurrentManagedThreadId;
            using var stream = new BackgroundStream<int>(
                async (deliver, _) =>
                {
                    for (var i = 0; i < 100; i++)
                    {
                        deliver(i);
                        if (i % 10 == 0)
                            await Task.Yield();
                    }
                },
                capacity: 4,
                CancellationToken.None
            );

            var seenOn = stream.Consume().Select(i => (i, Environment.CurrentManagedThreadId)).ToList();

            Assert.Equal(Enumerable.Range(0, 100), seenOn.Select(s => s.i));
            Assert.All(seenOn, s => Assert.Equal(consumer, s.Item2));
        }

        [Fact]
        public void The_producers_failure_comes_after_the_items_it_delivered()
        {
            using var stream = new BackgroundStream<int>(
                (deliver, _) =>
                {
                    deliver(1);
                    deliver(2);
                    throw new InvalidOperationException("page 3 failed");
                },
                capacity: 10,
                CancellationToken.None
            );

            var seen = new System.Collections.Generic.List<int>();
            var error = Assert.Throws<InvalidOperationException>(() =>
            {
                foreach (var i in stream.Consume())
                    seen.Add(i);
            });

            Assert.Equal(new[] { 1, 2 }, seen);
            Assert.Equal("page 3 failed", error.Message);
        }

        [Fact]
        public void The_idle_callback_runs_while_the_producer_is_quiet_and_cancellation_ends_the_stream()
        {
            using var cancel = new CancellationTokenSource();
            var idle = 0;
            using var stream = new BackgroundStream<int>(
                async (deliver, token) =>
                {
                    deliver(1);
                    await Task.Delay(Timeout.Infinite, token);
                },
                capacity: 10,
                cancel.Token
            );

            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (
                    var _ in stream.Consume(
                        () =>
                        {
                            if (++idle == 3)
                                cancel.Cancel();
                        },
                        TimeSpan.FromMilliseconds(10)
                    )
                ) { }
            });
            Assert.Equal(3, idle);
        }
    }
}

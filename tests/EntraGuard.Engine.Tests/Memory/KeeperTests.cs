using System;
using System.Collections.Generic;
using EntraGuard.Memory;

namespace EntraGuard.Tests.Memory
{
    /// <summary>One instance of each value a scan meets again (the held evidence's strings, targets, actors).</summary>
    public class KeeperTests
    {
        // Every key on one hash: what the string hash, seeded afresh in each process, does now and then to two values.
        private sealed class OneHash : IEqualityComparer<string>
        {
            public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

            public int GetHashCode(string value) => 7;
        }

        private static Keeper<string, string> Strings(IEqualityComparer<string> comparer) =>
            new(comparer, value => value, key => key);

        // A fresh instance each time, as the reader decodes a value it does not cache.
        private static string Copy(string text) => new(text.ToCharArray());

        [Fact]
        public void A_value_met_twice_in_a_row_is_kept_and_every_later_copy_is_the_kept_one()
        {
            var keeper = Strings(StringComparer.Ordinal);

            var first = keeper.Keep(Copy("Mozilla/5.0"), out var firstLasting);
            var second = keeper.Keep(Copy("Mozilla/5.0"), out var secondLasting);
            var third = keeper.Keep(Copy("Mozilla/5.0"), out var thirdLasting);

            Assert.False(firstLasting);
            Assert.True(secondLasting);
            Assert.True(thirdLasting);
            Assert.Same(first, second);
            Assert.Same(first, third);
            Assert.Equal(1, keeper.Count);
        }

        [Fact]
        public void Two_values_met_together_on_one_hash_are_both_kept()
        {
            var keeper = Strings(new OneHash());
            var kept = new HashSet<string>(ReferenceEqualityComparer.Instance);

            // An actor's address and user agent, event after event: a single slot a hash lost each to the other.
            for (var i = 0; i < 10; i++)
            {
                kept.Add(keeper.Keep(Copy("198.51.100.23"), out _));
                kept.Add(keeper.Keep(Copy("Mozilla/5.0"), out _));
            }

            Assert.Equal(2, keeper.Count);
            Assert.Equal(2, kept.Count);
        }

        [Fact]
        public void A_value_met_once_is_not_remembered_and_pushes_out_only_the_oldest_of_its_hash()
        {
            var keeper = Strings(new OneHash());

            keeper.Keep("older", out _);
            keeper.Keep("newer", out _);
            keeper.Keep("once", out _); // the set holds "once" and "newer" now
            keeper.Keep("newer", out var newerLasting);
            keeper.Keep("older", out var olderLasting);

            Assert.True(newerLasting);
            Assert.False(olderLasting);
            Assert.Equal(1, keeper.Count);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Memory;

namespace EntraGuard.Tests.Memory
{
    /// <summary>
    /// The sets an investigation counts distinct ids with: one numbering shared by every set, each set a hash set of
    /// numbers or, once it holds many of them, a bitmap.
    /// </summary>
    public class DistinctTextsTests
    {
        [Fact]
        public void A_numbering_gives_each_distinct_text_one_number_in_the_order_met()
        {
            var numbering = new TextNumbering();

            Assert.Equal(0, numbering.NumberOf("Directory_1"));
            Assert.Equal(1, numbering.NumberOf("directory_1")); // ordinal: case matters
            Assert.Equal(0, numbering.NumberOf(string.Concat("Directory_", "1")));
            Assert.Equal(2, numbering.NumberOf("\u00e9"));
            Assert.Equal(3, numbering.NumberOf(""));
            Assert.Equal(2, numbering.NumberOf("\u00e9"));
            Assert.Equal(4, numbering.Count);
        }

        [Fact]
        public void Sets_sharing_a_numbering_say_what_a_set_of_strings_says_before_and_after_they_become_bitmaps()
        {
            // Three sets over one numbering: one sees most ids (and becomes a bitmap), one every seventh (a bitmap
            // later), one a few (a hash set to the end). Ids repeat in random order, as the same sign-in read twice.
            var random = new Random(20261203);
            var numbering = new TextNumbering();
            var sets = new[]
            {
                new DistinctTexts(numbering),
                new DistinctTexts(numbering),
                new DistinctTexts(numbering),
            };
            var expected = new[] { new HashSet<string>(), new HashSet<string>(), new HashSet<string>() };
            for (var step = 0; step < 60_000; step++)
            {
                var n = random.Next(20_000);
                var id = $"SIGNIN-{n:D5}";
                for (var s = 0; s < sets.Length; s++)
                {
                    var holds = s switch
                    {
                        0 => n % 10 != 0,
                        1 => n % 7 == 0,
                        _ => n % 1000 == 0,
                    };
                    if (holds)
                        Assert.Equal(expected[s].Add(id), sets[s].Add(id));
                }
            }

            Assert.Equal(expected.Select(set => set.Count), sets.Select(set => set.Count));
            Assert.InRange(sets[2].Count, 1, 20); // few enough to stay a hash set
            Assert.Equal(expected.SelectMany(set => set).Distinct().Count(), numbering.Count);
        }

        [Fact]
        public void A_set_holding_most_of_the_numbers_costs_about_a_bit_each()
        {
            // A busy actor's window: twenty thousand sign-ins, all numbered already (other cases counted them).
            var numbering = new TextNumbering();
            var ids = Enumerable.Range(0, 20_000).Select(i => $"SIGNIN-{i:D5}").ToArray();
            foreach (var id in ids)
                numbering.NumberOf(id);
            var set = new DistinctTexts(numbering);

            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var id in ids)
                set.Add(id);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // A hash set of the first thousand or so (about 40 KB with its growth), then 2.5 KB of bits; a hash
            // set of all of them allocates over a megabyte.
            Assert.InRange(allocated, 1, 100_000);
            Assert.Equal(ids.Length, set.Count);
            Assert.All(ids, id => Assert.False(set.Add(id)));
        }

        [Fact]
        public void A_set_taking_each_id_as_it_is_numbered_grows_its_bitmap_by_doubling()
        {
            // One busy actor's sign-ins, each id new to the numbering as the set takes it: the bitmap grows with the
            // numbering. Growing it to each new size would copy it every 64 ids (tens of megabytes here).
            var ids = Enumerable.Range(0, 200_000).Select(i => $"SIGNIN-{i:D6}").ToArray();
            var numberingAlone = AllocatedWhile(numbering => ids.Select(numbering.NumberOf).Count());
            var withSet = AllocatedWhile(numbering =>
            {
                var set = new DistinctTexts(numbering);
                return ids.Count(set.Add);
            });

            Assert.InRange(withSet - numberingAlone, 1, 200_000);
        }

        private static long AllocatedWhile(Func<TextNumbering, int> work)
        {
            var numbering = new TextNumbering();
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(200_000, work(numbering));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}

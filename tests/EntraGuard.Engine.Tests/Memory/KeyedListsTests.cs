using System.Linq;
using EntraGuard.Memory;

namespace EntraGuard.Tests.Memory
{
    /// <summary>The lists stateful rules hold by key (correlation id, user), the keys in an arena.</summary>
    public class KeyedListsTests
    {
        [Fact]
        public void Equal_keys_share_a_list_and_merged_parts_join_it()
        {
            var whole = new KeyedLists<int>();
            whole.For("op-1").Add(1);
            whole.For(string.Concat("op-", "1")).Add(2);
            whole.For("OP-1").Add(3); // ordinal: another key
            var part = new KeyedLists<int>();
            // Enough keys to fill several of the part's arena chunks, so that merged keys sit at moved places.
            for (var i = 0; i < 5_000; i++)
                part.For($"correlation-{i:D6}-{new string('x', 20)}").Add(i);
            part.For("op-1").Add(4);
            part.For("only-in-part").Add(5);

            whole.Merge(part);

            Assert.Equal(new[] { 1, 2, 4 }, whole.For("op-1").OrderBy(i => i));
            Assert.Equal(new[] { 3 }, whole.For("OP-1"));
            Assert.Equal(new[] { 5 }, whole.For("only-in-part"));
            Assert.Equal(new[] { 4_999 }, whole.For($"correlation-004999-{new string('x', 20)}"));
            whole.For("after-the-merge").Add(6);
            Assert.Equal(new[] { 6 }, whole.For("after-the-merge"));
            Assert.Equal(5_004, whole.Lists.Count());
            Assert.Equal(5_006, whole.Lists.Sum(list => list.Count));
        }
    }
}

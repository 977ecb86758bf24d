using System.Linq;
using System.Text;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>The pool returns the string of exactly the bytes asked for, whatever value held the slot
    /// before.</summary>
    public class StringPoolTests
    {
        [Fact]
        public void Values_that_differ_in_one_byte_anywhere_are_told_apart()
        {
            var pool = new StringPool();
            foreach (var length in Enumerable.Range(1, 40))
            {
                var original = new string('a', length);
                foreach (var at in Enumerable.Range(0, length))
                {
                    // Same length, same first and last eight bytes when the change is in the middle: the same slot.
                    var changed = original.Substring(0, at) + "b" + original.Substring(at + 1);
                    foreach (var value in new[] { original, changed, original, changed })
                    {
                        var pooled = pool.Get(Encoding.UTF8.GetBytes(value));
                        Assert.Equal(value, pooled);
                    }
                }
            }
        }

        [Fact]
        public void A_value_asked_for_again_is_the_same_instance()
        {
            var pool = new StringPool();
            var bytes = Encoding.UTF8.GetBytes("Add service principal credentials");
            Assert.Same(pool.Get(bytes), pool.Get(bytes.ToArray()));
            Assert.Equal("", pool.Get(System.Array.Empty<byte>()));
        }
    }
}

using Xunit;

namespace Streaming.Abstractions.Tests;

public sealed class RawHeadersTests
{
    [Fact]
    public void Enumerate_WellFormedHeaders_YieldsKeysValuesAndNulls()
    {
        // "a" = "xy", "b" = null, "c" = empty
        byte[] bytes = Convert.FromHexString("0261" + "04" + "7879" + "0262" + "01" + "0263" + "00");
        var headers = new RawHeaders(bytes, 3);
        var seen = new List<(string, string?)>();
        foreach (var h in headers) seen.Add((System.Text.Encoding.UTF8.GetString(h.Key), h.ValueIsNull ? null : System.Text.Encoding.UTF8.GetString(h.Value)));
        Assert.Equal([("a", "xy"), ("b", null), ("c", "")], seen);
        Assert.True(headers.TryGetLast("a"u8, out var value));
        Assert.Equal("xy"u8.ToArray(), value.ToArray());
        Assert.False(headers.TryGetLast("z"u8, out _));
        Assert.Equal(3, headers.ToHeaders()!.Count);
    }

    [Theory]
    [InlineData("", 1, "no bytes for the announced header")]
    [InlineData("01", 1, "key length -1")]
    [InlineData("FEFFFFFF0F", 1, "key length int.MaxValue overflows the bounds check")]
    [InlineData("026B", 1, "value length missing")]
    [InlineData("026B03", 1, "value length -2")]
    [InlineData("026BFEFFFFFF0F", 1, "value length int.MaxValue overflows the bounds check")]
    [InlineData("026B0476", 1, "value shorter than its length")]
    [InlineData("026B01", 2, "second header missing")]
    [InlineData("FFFFFFFFFF", 1, "key length varint runs past 5 bytes")]
    public void Enumerate_MalformedHeaders_ThrowsCorruptRecordException(string hex, int count, string because)
    {
        _ = because;
        byte[] bytes = Convert.FromHexString(hex);
        Exception? error = Record.Exception(() =>
        {
            foreach (var header in new RawHeaders(bytes, count)) _ = header.Key.Length;
        });
        Assert.True(error is CorruptRecordException, $"expected CorruptRecordException, got {error?.GetType().Name ?? "no exception"}: {error}");
    }

    [Fact]
    public void Enumerate_RandomGarbage_ThrowsOnlyCorruptRecordException()
    {
        var random = new Random(5);
        for (int i = 0; i < 5_000; i++)
        {
            byte[] garbage = new byte[random.Next(0, 40)];
            random.NextBytes(garbage);
            int count = random.Next(0, 4);
            Exception? error = Record.Exception(() =>
            {
                foreach (var header in new RawHeaders(garbage, count)) _ = header.Key.Length;
            });
            if (error is not null && error is not CorruptRecordException)
                Assert.Fail($"{error.GetType().Name} for {Convert.ToHexString(garbage)} (count {count}): {error}");
        }
    }

}

using System.Buffers;
using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Tests.Kstream.Internal;

public sealed class ChangeSerdeTests
{
    private static readonly Serde<Change<string>> Strings = ChangeSerde.Create(Serdes.String);
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "t");

    private static byte[] Serialize<T>(Serde<Change<T>> serde, Change<T> change)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serde.Serializer.Serialize(change, buffer, Context);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Serialize_EachShape_WritesKafkasLayout()
    {
        Assert.Equal("6E6577" + "01", Convert.ToHexString(Serialize(Strings, Change<string>.Of("new"))));
        Assert.Equal("6F6C64" + "00", Convert.ToHexString(Serialize(Strings, new Change<string>(null!, false, "old", true))));
        Assert.Equal("06" + "6E6577" + "6F6C64" + "02", Convert.ToHexString(Serialize(Strings, new Change<string>("new", true, "old", true))));
    }

    [Fact]
    public void RoundTrip_ValueTypesAndLongNewValue_PreservesBothSides()
    {
        Serde<Change<long>> longs = ChangeSerde.Create(Serdes.Int64);
        var both = new Change<long>(0, true, -5, true);
        Assert.Equal(both, longs.Deserializer.Deserialize(Serialize(longs, both), false, Context));
        var oldOnly = new Change<long>(0, false, 42, true);
        Assert.Equal(oldOnly, longs.Deserializer.Deserialize(Serialize(longs, oldOnly), false, Context));

        string big = new('x', 300);  // a two-byte varint length
        var change = new Change<string>(big, true, "", true);
        byte[] bytes = Serialize(Strings, change);
        Assert.Equal([0xD8, 0x04], bytes[..2]);  // zigzag(300) = 600
        Assert.Equal(change, Strings.Deserializer.Deserialize(bytes, false, Context));
    }

    [Fact]
    public void Deserialize_VersionedFlags_ReadsValuesAndSkipsIsLatestByte()
    {
        Assert.Equal(Change<string>.Of("ab"), Strings.Deserializer.Deserialize([(byte)'a', (byte)'b', 1, 4], false, Context));
        Assert.Equal(new Change<string>("a", true, "b", true), Strings.Deserializer.Deserialize([2, (byte)'a', (byte)'b', 0, 5], false, Context));
    }

    [Fact]
    public void Serialize_NeitherValue_ThrowsAndUnknownFlagIsRejected()
    {
        Assert.Contains("neither a new nor an old value", Assert.Throws<StreamsException>(() => Serialize(Strings, Change<string>.Deletion)).Message);
        Assert.Contains("unknown encoding flag 9", Assert.Throws<StreamsException>(() => Strings.Deserializer.Deserialize([1, 9], false, Context)).Message);
        Assert.Contains("beyond", Assert.Throws<StreamsException>(() => Strings.Deserializer.Deserialize([40, 1, 2], false, Context)).Message);
    }
}

using Streaming.Protocol.Groups;
using Xunit;

namespace Streaming.Protocol.Tests.Groups;

/// <summary>
/// Byte-exact encodings derived by hand from ConsumerProtocolSubscription.json and ConsumerProtocolAssignment.json
/// (non-flexible: int16 version, int16-length strings, int32-length arrays, int32-length nullable bytes, big-endian).
/// </summary>
public sealed class ConsumerProtocolEncodingTests
{
    // Topics ["t"], UserData [0xAB], OwnedPartitions [t: [0, 2]], GenerationId 5, RackId "r".
    private static readonly ConsumerSubscription Example = new()
    {
        Topics = ["t"],
        UserData = new byte[] { 0xAB },
        OwnedPartitions = [new ConsumerTopicPartitions("t", [0, 2])],
        GenerationId = 5,
        RackId = "r",
    };

    private const string TopicsAndUserData =
        "00000001" + // Topics: array count 1
        "0001" + "74" + // "t": int16 length 1, 't'
        "00000001" + "AB"; // UserData: int32 length 1, 0xAB

    private const string OwnedPartitions =
        "00000001" + // OwnedPartitions: array count 1
        "0001" + "74" + // Topic "t"
        "00000002" + "00000000" + "00000002"; // Partitions: count 2, 0, 2

    private const string GenerationId = "00000005";
    private const string RackId = "0001" + "72"; // "r"

    public static TheoryData<short, string> SubscriptionBytes() => new()
    {
        // v0: Topics, UserData.
        { 0, "0000" + TopicsAndUserData },
        // v1 adds OwnedPartitions.
        { 1, "0001" + TopicsAndUserData + OwnedPartitions },
        // v2 adds GenerationId.
        { 2, "0002" + TopicsAndUserData + OwnedPartitions + GenerationId },
        // v3 adds RackId.
        { 3, "0003" + TopicsAndUserData + OwnedPartitions + GenerationId + RackId },
    };

    [Theory]
    [MemberData(nameof(SubscriptionBytes))]
    public void SerializeSubscription_HandDerivedExample_MatchesSpecBytes(short version, string expectedHex)
        => Assert.Equal(expectedHex, Convert.ToHexString(ConsumerProtocol.SerializeSubscription(Example, version)));

    [Theory]
    [MemberData(nameof(SubscriptionBytes))]
    public void DeserializeSubscription_HandDerivedExample_ReadsFieldsTheVersionCarries(short version, string hex)
    {
        ConsumerSubscription decoded = ConsumerProtocol.DeserializeSubscription(Convert.FromHexString(hex), out short readVersion);

        Assert.Equal(version, readVersion);
        Assert.Equal(["t"], decoded.Topics);
        Assert.Equal([0xAB], decoded.UserData!.Value.ToArray());
        if (version >= 1)
        {
            ConsumerTopicPartitions owned = Assert.Single(decoded.OwnedPartitions);
            Assert.Equal("t", owned.Topic);
            Assert.Equal([0, 2], owned.Partitions);
        }
        else
        {
            Assert.Empty(decoded.OwnedPartitions);
        }

        Assert.Equal(version >= 2 ? 5 : -1, decoded.GenerationId);
        Assert.Equal(version >= 3 ? "r" : null, decoded.RackId);
    }

    [Fact]
    public void SerializeSubscription_NullUserDataAndRack_WritesMinusOneLengths()
    {
        var subscription = new ConsumerSubscription { Topics = [] };

        string hex = Convert.ToHexString(ConsumerProtocol.SerializeSubscription(subscription));

        Assert.Equal(
            "0003" +
            "00000000" + // Topics: empty
            "FFFFFFFF" + // UserData: null
            "00000000" + // OwnedPartitions: empty
            "FFFFFFFF" + // GenerationId: -1 (default)
            "FFFF", // RackId: null
            hex);
    }

    [Fact]
    public void SerializeSubscription_EmptyUserData_IsDistinctFromNull()
    {
        var empty = new ConsumerSubscription { Topics = [], UserData = ReadOnlyMemory<byte>.Empty };

        byte[] bytes = ConsumerProtocol.SerializeSubscription(empty, 0);

        Assert.Equal("0000" + "00000000" + "00000000", Convert.ToHexString(bytes));
        Assert.True(ConsumerProtocol.DeserializeSubscription(bytes).UserData is { Length: 0 });
    }

    [Fact]
    public void SerializeSubscription_MultiByteUtf8Topic_LengthCountsBytesNotChars()
    {
        var subscription = new ConsumerSubscription { Topics = ["é"] };

        string hex = Convert.ToHexString(ConsumerProtocol.SerializeSubscription(subscription, 0));

        Assert.Equal("0000" + "00000001" + "0002" + "C3A9" + "FFFFFFFF", hex);
    }

    public static TheoryData<short> AssignmentVersions() => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(AssignmentVersions))]
    public void SerializeAssignment_HandDerivedExample_MatchesSpecBytes(short version)
    {
        var assignment = new ConsumerAssignment
        {
            AssignedPartitions = [new ConsumerTopicPartitions("t", [0, 1]), new ConsumerTopicPartitions("ab", [])],
            UserData = null,
        };

        string hex = Convert.ToHexString(ConsumerProtocol.SerializeAssignment(assignment, version));

        // Every version carries the same fields; only the prefix differs.
        Assert.Equal(
            "000" + version +
            "00000002" + // AssignedPartitions: count 2
            "0001" + "74" + "00000002" + "00000000" + "00000001" + // "t": [0, 1]
            "0002" + "6162" + "00000000" + // "ab": []
            "FFFFFFFF", // UserData: null
            hex);
    }

    [Fact]
    public void DeserializeAssignment_HandDerivedBytes_ReadsPartitionsAndUserData()
    {
        byte[] bytes = Convert.FromHexString(
            "0001" + "00000001" + "0002" + "7430" + "00000001" + "00000007" + "00000002" + "CAFE");

        ConsumerAssignment decoded = ConsumerProtocol.DeserializeAssignment(bytes, out short version);

        Assert.Equal(1, version);
        ConsumerTopicPartitions entry = Assert.Single(decoded.AssignedPartitions);
        Assert.Equal("t0", entry.Topic);
        Assert.Equal([7], entry.Partitions);
        Assert.Equal([0xCA, 0xFE], decoded.UserData!.Value.ToArray());
    }

    [Fact]
    public void DeserializeSubscription_V4WithAppendedField_ReadsTheV3Fields()
    {
        // A hypothetical v4 that appends an int32 and a string after RackId: readers must parse it with the v3 schema.
        byte[] bytes = Convert.FromHexString(
            "0004" + TopicsAndUserData + OwnedPartitions + GenerationId + RackId + "0000002A" + "0002" + "7A7A");

        ConsumerSubscription decoded = ConsumerProtocol.DeserializeSubscription(bytes, out short version);

        Assert.Equal(4, version);
        Assert.Equal(["t"], decoded.Topics);
        Assert.Equal([0xAB], decoded.UserData!.Value.ToArray());
        Assert.Equal([0, 2], Assert.Single(decoded.OwnedPartitions).Partitions);
        Assert.Equal(5, decoded.GenerationId);
        Assert.Equal("r", decoded.RackId);
    }

    [Fact]
    public void DeserializeAssignment_V4WithAppendedField_ReadsTheV3Fields()
    {
        byte[] bytes = Convert.FromHexString(
            "0004" + "00000001" + "0001" + "74" + "00000001" + "00000003" + "FFFFFFFF" + "0000002A");

        ConsumerAssignment decoded = ConsumerProtocol.DeserializeAssignment(bytes, out short version);

        Assert.Equal(4, version);
        Assert.Equal([3], Assert.Single(decoded.AssignedPartitions).Partitions);
        Assert.Null(decoded.UserData);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void SerializeSubscription_VersionOutsideZeroToThree_Throws(short version)
        => Assert.Throws<ArgumentOutOfRangeException>(() => ConsumerProtocol.SerializeSubscription(Example, version));

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void SerializeAssignment_VersionOutsideZeroToThree_Throws(short version)
        => Assert.Throws<ArgumentOutOfRangeException>(
            () => ConsumerProtocol.SerializeAssignment(new ConsumerAssignment { AssignedPartitions = [] }, version));

    [Fact]
    public void SerializeSubscription_TopicLongerThanInt16_Throws()
        => Assert.Throws<ArgumentException>(
            () => ConsumerProtocol.SerializeSubscription(new ConsumerSubscription { Topics = [new string('x', short.MaxValue + 1)] }));
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Protocol.Groups;
using Xunit;

namespace Streaming.Protocol.Tests.Groups;

/// <summary>Random subscriptions and assignments through every version, and every prefix of their encodings.</summary>
public sealed class ConsumerProtocolPropertyTests
{
    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.Elements("", "orders", "topic.with-dots_1", "ключ", "emoji-\U0001F600"),
        Gen.ArrayOf(Gen.Choose('a', 'z').Select(c => (char)c)).Select(cs => new string(cs)));

    private static readonly Gen<ReadOnlyMemory<byte>?> UserData = Gen.Frequency(
        (1, Gen.Constant<ReadOnlyMemory<byte>?>(null)),
        (1, Gen.Constant<ReadOnlyMemory<byte>?>(ReadOnlyMemory<byte>.Empty)),
        (3, Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => (ReadOnlyMemory<byte>?)b)));

    private static readonly Gen<ConsumerTopicPartitions> TopicPartitions =
        from topic in Names
        from partitions in Gen.ArrayOf(ArbMap.Default.GeneratorFor<int>())
        select new ConsumerTopicPartitions(topic, partitions);

    private static readonly Gen<ConsumerSubscription> Subscriptions =
        from topics in Gen.ArrayOf(Names)
        from userData in UserData
        from owned in Gen.ArrayOf(TopicPartitions)
        from generation in ArbMap.Default.GeneratorFor<int>()
        from rack in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Names.Select(n => (string?)n)))
        select new ConsumerSubscription { Topics = topics, UserData = userData, OwnedPartitions = owned, GenerationId = generation, RackId = rack };

    private static readonly Gen<ConsumerAssignment> Assignments =
        from assigned in Gen.ArrayOf(TopicPartitions)
        from userData in UserData
        select new ConsumerAssignment { AssignedPartitions = assigned, UserData = userData };

    private static readonly Gen<short> Versions = Gen.Choose(0, 3).Select(v => (short)v);

    private static void AssertSameTopicPartitions(IReadOnlyList<ConsumerTopicPartitions> expected, IReadOnlyList<ConsumerTopicPartitions> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Topic, actual[i].Topic);
            Assert.Equal(expected[i].Partitions, actual[i].Partitions);
        }
    }

    private static void AssertSameUserData(ReadOnlyMemory<byte>? expected, ReadOnlyMemory<byte>? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected.HasValue) Assert.Equal(expected.Value.ToArray(), actual!.Value.ToArray());
    }

    [Property(MaxTest = 200)]
    public Property Subscription_AnyVersion_RoundTripsTheFieldsTheVersionCarries()
        => Prop.ForAll(Subscriptions.ToArbitrary(), Versions.ToArbitrary(), (subscription, version) =>
        {
            byte[] bytes = ConsumerProtocol.SerializeSubscription(subscription, version);
            ConsumerSubscription decoded = ConsumerProtocol.DeserializeSubscription(bytes, out short readVersion);

            Assert.Equal(version, readVersion);
            Assert.Equal(subscription.Topics, decoded.Topics);
            AssertSameUserData(subscription.UserData, decoded.UserData);
            AssertSameTopicPartitions(version >= 1 ? subscription.OwnedPartitions : [], decoded.OwnedPartitions);
            Assert.Equal(version >= 2 ? subscription.GenerationId : -1, decoded.GenerationId);
            Assert.Equal(version >= 3 ? subscription.RackId : null, decoded.RackId);
        });

    [Property(MaxTest = 200)]
    public Property Assignment_AnyVersion_RoundTrips()
        => Prop.ForAll(Assignments.ToArbitrary(), Versions.ToArbitrary(), (assignment, version) =>
        {
            byte[] bytes = ConsumerProtocol.SerializeAssignment(assignment, version);
            ConsumerAssignment decoded = ConsumerProtocol.DeserializeAssignment(bytes, out short readVersion);

            Assert.Equal(version, readVersion);
            AssertSameTopicPartitions(assignment.AssignedPartitions, decoded.AssignedPartitions);
            AssertSameUserData(assignment.UserData, decoded.UserData);
        });

    [Property(MaxTest = 100)]
    public Property DeserializeSubscription_EveryProperPrefix_ThrowsProtocolException()
        => Prop.ForAll(Subscriptions.ToArbitrary(), Versions.ToArbitrary(), (subscription, version) =>
        {
            byte[] bytes = ConsumerProtocol.SerializeSubscription(subscription, version);
            for (int keep = 0; keep < bytes.Length; keep++)
                Assert.Throws<ProtocolException>(() => ConsumerProtocol.DeserializeSubscription(bytes.AsSpan(0, keep)));
        });

    [Property(MaxTest = 100)]
    public Property DeserializeAssignment_EveryProperPrefix_ThrowsProtocolException()
        => Prop.ForAll(Assignments.ToArbitrary(), Versions.ToArbitrary(), (assignment, version) =>
        {
            byte[] bytes = ConsumerProtocol.SerializeAssignment(assignment, version);
            for (int keep = 0; keep < bytes.Length; keep++)
                Assert.Throws<ProtocolException>(() => ConsumerProtocol.DeserializeAssignment(bytes.AsSpan(0, keep)));
        });

    [Property(MaxTest = 100)]
    public Property Subscription_V3BytesRelabelledAsLaterVersionWithTrailingFields_DecodesAsV3()
        => Prop.ForAll(Subscriptions.ToArbitrary(), Gen.Choose(4, short.MaxValue).ToArbitrary(), ArbMap.Default.ArbFor<byte[]>(),
            (subscription, laterVersion, trailing) =>
            {
                byte[] v3 = ConsumerProtocol.SerializeSubscription(subscription, 3);
                byte[] later = [(byte)(laterVersion >> 8), (byte)laterVersion, .. v3.AsSpan(2), .. trailing];

                ConsumerSubscription decoded = ConsumerProtocol.DeserializeSubscription(later, out short readVersion);

                Assert.Equal(laterVersion, readVersion);
                Assert.Equal(subscription.Topics, decoded.Topics);
                AssertSameTopicPartitions(subscription.OwnedPartitions, decoded.OwnedPartitions);
                Assert.Equal(subscription.GenerationId, decoded.GenerationId);
                Assert.Equal(subscription.RackId, decoded.RackId);
            });

    [Property(MaxTest = 500)]
    public Property Deserialize_RandomBytes_ReturnsOrThrowsOnlyProtocolException()
        => Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            foreach (Action decode in new Action[]
                     {
                         () => ConsumerProtocol.DeserializeSubscription(bytes),
                         () => ConsumerProtocol.DeserializeAssignment(bytes),
                     })
            {
                try
                {
                    decode();
                }
                catch (ProtocolException)
                {
                    // Expected for most random input.
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{ex.GetType().Name} instead of ProtocolException for {Convert.ToHexString(bytes)}: {ex}");
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property DeserializeSubscription_OneByteChanged_ReturnsOrThrowsOnlyProtocolException()
        => Prop.ForAll(Subscriptions.ToArbitrary(), Versions.ToArbitrary(), ArbMap.Default.ArbFor<(int, byte)>(),
            (subscription, version, change) =>
            {
                byte[] bytes = ConsumerProtocol.SerializeSubscription(subscription, version);
                bytes[(int)((uint)change.Item1 % (uint)bytes.Length)] = change.Item2;
                try
                {
                    ConsumerProtocol.DeserializeSubscription(bytes);
                }
                catch (ProtocolException)
                {
                    // A damaged length or count is expected to be caught.
                }
            });
}

using Streaming.Contract;
using Streaming.Kafka.Tests.Mock;

namespace Streaming.Kafka.Tests.Contract;

public sealed class MockTransactionTests(MockClusterFixture fixture) : TransactionContractTests(fixture), IClassFixture<MockClusterFixture>
{
    /// <summary>The mock writes transaction markers with a zero CRC: reading past one needs check.crcs off.</summary>
    protected override ConsumerConfig ReadConfig(IsolationLevel? isolation)
    {
        var config = base.ReadConfig(isolation);
        config.CheckCrcs = false;
        return config;
    }

    [Fact(Skip = MockLimits.NoAbortedTransactionFiltering)]
    public override void Abort_HidesTheRecordsFromReadCommitted_AndLaterTransactionsStillCommit() => base.Abort_HidesTheRecordsFromReadCommitted_AndLaterTransactionsStillCommit();

    [Fact(Skip = MockLimits.NoAbortedTransactionFiltering)]
    public override void ReadCommitted_DoesNotSeeAnOpenTransaction_UntilItCommits() => base.ReadCommitted_DoesNotSeeAnOpenTransaction_UntilItCommits();

    [Fact(Skip = MockLimits.NoTransactionalOffsets)]
    public override Task SendOffsetsToTransaction_CommitsTheConsumersOffsetsWithTheTransaction() => base.SendOffsetsToTransaction_CommitsTheConsumersOffsetsWithTheTransaction();

    [Fact(Skip = MockLimits.NoFencing)]
    public override void ZombieFencing_TheOlderInstanceIsFenced_AndItsTransactionNeverCommits() => base.ZombieFencing_TheOlderInstanceIsFenced_AndItsTransactionNeverCommits();
}

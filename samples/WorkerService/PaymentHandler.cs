using Streaming;
using Streaming.Hosting;

namespace WorkerService;

/// <summary>
/// "Charges" a payment (the record's value, an amount). An amount ending in 7 fails the first attempt (a passing fault:
/// the retry succeeds); a negative amount always fails (it ends in the dead-letter topic).
/// </summary>
public sealed partial class PaymentHandler(ILogger<PaymentHandler> logger) : IRecordHandler<string, string>
{
    private static readonly int ProcessId = Environment.ProcessId;

    public ValueTask HandleAsync(ConsumeResult<string, string> record, RecordContext context)
    {
        string value = record.Message.Value ?? "";
        if (!decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal amount) || amount < 0)
            throw new InvalidOperationException($"payment '{record.Message.Key}' has an invalid amount '{value}'");
        if (value.EndsWith('7') && context.Attempt == 1)
            throw new System.TimeoutException($"the payment provider timed out for '{record.Message.Key}' (attempt {context.Attempt})");
        Charged(logger, ProcessId, record.Message.Key, amount, context.Partition, context.Offset.Value, context.Attempt);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "process {ProcessId}: charged {Customer} {Amount} (payments[{Partition}]@{Offset}, attempt {Attempt})")]
    private static partial void Charged(ILogger logger, int processId, string customer, decimal amount, int partition, long offset, int attempt);
}

// A worker service: a member of the consumer group 'payment-processor' on the topic 'payments'. Start two or three of
// them against one broker (`streaming broker`) and the group shares the topic's 6 partitions among them; stop one and
// the others take its partitions over. A payment that fails for a passing reason is retried (Polly, backoff); one that
// keeps failing goes to 'payments.dlq' with headers saying why — never skipped. Configuration: appsettings.json, or the
// command line (--Streaming:Kafka:BootstrapServers=127.0.0.1:19092).
using Streaming.Hosting;
using WorkerService;

var builder = Host.CreateApplicationBuilder(args);
builder.AddStreaming() // binds the "Streaming" section: the Kafka transport to the broker, the topic, the consumer's options
    .AddConsumer<PaymentHandler>(["payments"], "payment-processor", o =>
    {
        o.OnFailure = ProcessingFailureAction.DeadLetter; // after the retries: payments.dlq
    }, name: "payments");
builder.Build().Run();

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>The app with its demo history seeded (January 2014 to the current month), shared by the tests of <see cref="DemoAppGroup"/>.</summary>
public sealed class DemoAppFactory : DashboardAppFactory
{
    public DemoAppFactory() => DemoEnabled = true;
}

/// <summary>Test classes that read the demo history share one seeded app: seeding takes seconds.</summary>
[CollectionDefinition(Name)]
public sealed class DemoAppGroup : ICollectionFixture<DemoAppFactory>
{
    public const string Name = "demo app";
}

"""Compute the phonetic name keys of clients registered before they existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from parcours.linkage.keys import name_keys

    Client = apps.get_model("clients", "Client")
    ClientAlias = apps.get_model("clients", "ClientAlias")
    for client in Client.objects.filter(name_keys="").iterator():
        names = [client.given_name, client.family_name, client.preferred_name]
        for alias in ClientAlias.objects.filter(client_id=client.pk):
            names += [alias.given_name, alias.family_name]
        Client.objects.filter(pk=client.pk).update(name_keys=name_keys(names))


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_client_name_keys")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

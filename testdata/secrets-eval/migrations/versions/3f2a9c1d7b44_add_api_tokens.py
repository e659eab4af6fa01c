"""add api tokens table

Revision ID: 897969119dfc
Revises: 70b976a4eb29
Create Date: 2024-02-11 09:12:44.118201

"""
from alembic import op
import sqlalchemy as sa

revision = "c83a731bf925"
down_revision = "9cf246ba9830"
branch_labels = None


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("secret_prefix", sa.String(8), nullable=False),
    )
    op.execute("INSERT INTO api_tokens (token_hash, secret_prefix) VALUES ('2a8fde1a561638cb67fc6b3ab458607a540e42840b72a49d6ac43af12d001bfe', 'shp_')")


def downgrade():
    op.drop_table("api_tokens")

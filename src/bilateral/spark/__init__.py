"""Cluster-scale processing: the per-document analysis as a Spark job writing Parquet
(`bilateral.spark.job`), the row format (`bilateral.spark.serial`), and loading that
output into the store (`bilateral.spark.load.load_parquet`, `bilateral merge-parquet`).

pyspark is needed by the job only (`pip install 'bilateral[spark]'`); serial and load need
pyarrow alone.
"""
